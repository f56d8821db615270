import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { inadimplenciaStats, RECENT_DEFAULT } from "@/lib/inadimplencia/stats";
import { listTrends } from "@/lib/inadimplencia/trends";
import { AttemptsChart } from "./_components/attempts-chart";
import { BarChart } from "./_components/bar-chart";
import { RecentChanges } from "./_components/recent-changes";
import { TrendsSection } from "./_components/trends-chart";

export const metadata: Metadata = { title: "Estatísticas de inadimplência" };

const RECENT_MORE = 50;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function EstatisticasPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage("inadimplentes.read");
  const params = await searchParams;
  // Anything but a plain number asks for the default; the domain clamps the rest.
  const asked = /^\d{1,4}$/.test(first(params.alteracoes)) ? Number(first(params.alteracoes)) : RECENT_DEFAULT;
  const [stats, trends] = await Promise.all([inadimplenciaStats(ctx.session, asked), listTrends(ctx.session, first(params.unidade))]);
  const total = stats.byMonths.reduce((n, b) => n + b.count, 0);
  const scope = trends.unidade ? `?unidade=${encodeURIComponent(trends.unidade)}` : "";
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Estatísticas de inadimplência</h1>
        <p className="text-sm text-slate-600">{total} aluno(s) ativo(s) na lista de inadimplentes.</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <BarChart title="Inadimplentes ativos por escola" unit="Inadimplentes"
          description="Registros ativos agrupados pela escola informada na lista (sem diferenciar acentos e maiúsculas)."
          bars={stats.bySchool.map((s) => ({ label: s.label || "Sem escola informada", value: s.count }))} />
        <BarChart title="Inadimplentes ativos por meses em atraso" unit="Inadimplentes" color="#7c3aed"
          description="Registros ativos por faixa de meses em atraso; sem informação quando o campo está vazio ou zerado."
          bars={stats.byMonths.map((b) => ({ label: b.label, value: b.count }))} />
      </div>
      <TrendsSection trends={trends} exportHref={`/admin/estatisticas/exportar${scope}`} />
      <AttemptsChart {...stats.attempts} />
      <RecentChanges changes={stats.recent} />
      {stats.recent.length >= asked && asked < RECENT_MORE && (
        <Link href={`/admin/estatisticas?alteracoes=${RECENT_MORE}${trends.unidade ? `&unidade=${encodeURIComponent(trends.unidade)}` : ""}`}
          className="text-sm text-blue-800 underline">
          Mostrar as últimas {RECENT_MORE} alterações
        </Link>
      )}
    </section>
  );
}

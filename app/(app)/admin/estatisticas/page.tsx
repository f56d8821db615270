import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { inadimplenciaStats } from "@/lib/inadimplencia/stats";
import { AttemptsChart } from "./_components/attempts-chart";
import { BarChart } from "./_components/bar-chart";
import { RecentChanges } from "./_components/recent-changes";

export const metadata: Metadata = { title: "Estatísticas de inadimplência" };

export default async function EstatisticasPage() {
  const ctx = await requirePage("inadimplentes.read");
  const stats = await inadimplenciaStats(ctx.session);
  const total = stats.byMonths.reduce((n, b) => n + b.count, 0);
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
      <AttemptsChart {...stats.attempts} />
      <RecentChanges changes={stats.recent} />
    </section>
  );
}

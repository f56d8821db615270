import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getCampaignProgress, type ProgressGroup } from "@/lib/rematricula/progress";
import { CampaignYear } from "../_components/campaign-year";
import { ProgressChart, ProgressTable } from "./progress-chart";

export const metadata: Metadata = { title: "Progresso da rematrícula" };

function Section({ id, title, head, groups }: { id: string; title: string; head: string; groups: ProgressGroup[] }) {
  return (
    <section aria-labelledby={`${id}-h`} className="rounded border border-slate-200 bg-white p-4">
      <h2 id={`${id}-h`} className="mb-3 text-lg font-semibold">{title}</h2>
      {groups.length === 0 ? (
        <p className="text-slate-700">Nenhum aluno na campanha.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <ProgressChart id={id} title={title} groups={groups} />
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${title} (números)`}>
            <ProgressTable caption={`${title} (números)`} head={head} groups={groups} />
          </div>
        </div>
      )}
    </section>
  );
}

export default async function ProgressoPage() {
  // Finance sees the counts too, read-only: this page has no student's action.
  const ctx = await requirePage("rematricula.progress");
  const p = await getCampaignProgress(ctx.session);
  const { total } = p;
  const all = total.rematriculado + total.pendente + total.bloqueado;
  const pct = all ? Math.round((total.rematriculado / all) * 100) : 0;
  return (
    <div className="space-y-4">
      {can(ctx.roles, "rematricula") && <Link href="/rematricula" className="text-sm text-blue-800 underline">Voltar à lista</Link>}
      <h1 className="text-2xl font-semibold">Progresso da rematrícula</h1>
      <CampaignYear anoLetivo={p.anoLetivo} />
      <p className="text-slate-800" data-testid="progress-total">
        {total.rematriculado} de {all} alunos rematriculados ({pct}%): {total.pendente} pendentes e {total.bloqueado} bloqueados.
        {p.indisponiveis > 0 && ` ${p.indisponiveis} fora da campanha (não ativos).`}
      </p>
      <Section id="por-unidade" title="Por unidade" head="Unidade" groups={p.porUnidade} />
      <Section id="por-serie" title="Por série" head="Série" groups={p.porSerie} />
    </div>
  );
}

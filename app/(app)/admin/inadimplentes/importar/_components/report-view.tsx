import Link from "next/link";
import type { CommitReport } from "@/lib/inadimplencia/import/types";
import { COUNT_LABELS } from "../../importacoes/_components/format";
import { IssueList } from "@/app/(app)/_components/import/issue-list";
import { EffectView } from "./effect-view";

/** What the commit did, with the errors to download and the batch to find (and undo) later. */
export function ReportView({ report, onAgain }: { report: CommitReport; onAgain: () => void }) {
  const hasIssues = report.counts.invalid + report.counts.warnings > 0;
  const unmatched = report.effect.unmatchedRows > 0;
  return (
    <section aria-labelledby="relatorio-titulo" className="mt-6">
      <h2 id="relatorio-titulo" className="mb-3 text-xl font-semibold">Importação concluída</h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-6">
        {COUNT_LABELS.map(([key, label]) => (
          <div key={key} className="rounded border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">{label}</dt>
            <dd className="text-2xl font-semibold">{report.counts[key]}</dd>
          </div>
        ))}
      </dl>
      <EffectView effect={report.effect} replace={report.mode === "replace"} tense="report" />
      <p className="mt-4 flex flex-wrap gap-4">
        {hasIssues
          ? <a href={`/api/import/batches/${report.batchId}/errors`} className="text-blue-800 underline" download>Baixar erros (CSV)</a>
          : !unmatched && <span>Nenhuma linha inválida nem aviso.</span>}
        <Link href={`/admin/inadimplentes/importacoes/${report.batchId}`} className="text-blue-800 underline">Ver esta importação no histórico</Link>
        <button type="button" onClick={onAgain} className="text-blue-800 underline">Importar outro arquivo</button>
      </p>
      <IssueList title="Linhas inválidas" items={report.invalid} />
      <IssueList title="Avisos" items={report.warnings} />
    </section>
  );
}

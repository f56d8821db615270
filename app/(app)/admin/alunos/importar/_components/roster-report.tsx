import Link from "next/link";
import { CountGrid, IssueList } from "@/app/(app)/_components/import/issue-list";
import type { RosterReport } from "@/lib/people/roster/types";

/** What the roster commit did, with the errors to download and the history to undo it from. */
export function RosterReportView({ report, onAgain }: { report: RosterReport; onAgain: () => void }) {
  const { counts } = report;
  return (
    <section aria-labelledby="relatorio-titulo" className="mt-6">
      <h2 id="relatorio-titulo" className="mb-3 text-xl font-semibold">Importação concluída</h2>
      <CountGrid items={[
        ["inserted", "Novos", counts.inserted], ["updated", "Atualizados", counts.updated], ["unchanged", "Sem alteração", counts.unchanged],
        ["deactivated", "Inativados", counts.deactivated], ["ambiguous", "Ambíguos (não importados)", counts.ambiguous],
        ["invalid", "Inválidos", counts.invalid], ["warnings", "Avisos", counts.warnings],
      ]} />
      <p className="mt-4 flex flex-wrap gap-4">
        {counts.invalid + counts.warnings > 0
          ? <a href={`/api/import/roster/batches/${report.batchId}/errors`} className="text-blue-800 underline" download>Baixar erros (CSV)</a>
          : <span>Nenhuma linha inválida nem aviso.</span>}
        <Link href="/admin/alunos/importacoes" className="text-blue-800 underline">Ver no histórico de importações</Link>
        <button type="button" onClick={onAgain} className="text-blue-800 underline">Importar outro arquivo</button>
      </p>
      <IssueList title="Linhas inválidas" items={report.invalid} />
      <IssueList title="Avisos" items={report.warnings} />
    </section>
  );
}

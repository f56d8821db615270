import type { SerieTurn, TurnSummary } from "@/lib/rematricula/ano-letivo/summary";
import { ScrollRegion } from "@/app/_components/scroll-region";

const COLUMNS: [keyof Omit<SerieTurn, "serie">, string][] = [
  ["antes", "Ativos hoje"],
  ["promovidos", "Promovidos"],
  ["concluintes", "Concluintes"],
  ["inativados", "Inativados"],
  ["mantidos", "Mantidos"],
  ["depois", "Ativos depois"],
];

function Line({ row, total }: { row: SerieTurn; total?: boolean }) {
  return (
    <tr className={total ? "border-t-2 border-slate-300 bg-slate-50 font-semibold" : "border-t border-slate-100"}>
      <th scope="row" className="px-3 py-2 text-left font-medium">{row.serie}</th>
      {COLUMNS.map(([key]) => (
        <td key={key} className="px-3 py-2 text-right tabular-nums">{row[key]}</td>
      ))}
    </tr>
  );
}

/** Per série: the `ativo` students now, what the turn does with them, and the `ativo` students after it. */
export function PreviewTable({ summary, fromYear, toYear }: { summary: TurnSummary; fromYear: number; toYear: number }) {
  return (
    <ScrollRegion label="Prévia do encerramento por série" className="rounded border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="previa-ano-letivo">
        <caption className="px-3 py-2 text-left text-slate-700">
          Prévia por série: alunos ativos em {fromYear} e o que acontece com eles em {toYear}
        </caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-medium">Série</th>
            {COLUMNS.map(([key, label]) => <th key={key} scope="col" className="px-3 py-2 text-right font-medium">{label}</th>)}
          </tr>
        </thead>
        <tbody>
          {summary.series.map((row) => <Line key={row.serie} row={row} />)}
          {summary.series.length === 0 && (
            <tr><td colSpan={COLUMNS.length + 1} className="px-3 py-6 text-center text-slate-600">Nenhum aluno ativo.</td></tr>
          )}
        </tbody>
        <tfoot><Line row={summary.total} total /></tfoot>
      </table>
    </ScrollRegion>
  );
}

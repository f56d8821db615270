import type { DeactivationRow, PreviewCounts } from "@/lib/inadimplencia/import/types";

const COUNTS: [keyof PreviewCounts, string][] = [
  ["new", "Novos"],
  ["updated", "Atualizados"],
  ["unchanged", "Sem alteração"],
  ["toDeactivate", "A desativar"],
  ["invalid", "Inválidos"],
  ["warnings", "Avisos"],
];

/** The row counts, with the rows that match no student among them: they are a warning too, not only a table filter. */
export function PreviewCountsView({ counts, unmatched }: { counts: PreviewCounts; unmatched: number }) {
  const tiles: [string, string, number][] = [
    ...COUNTS.map(([key, label]): [string, string, number] => [key, label, counts[key]]),
    ["unmatched", "Sem aluno", unmatched],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-7">
      {tiles.map(([key, label, value]) => (
        <div key={key} className="rounded border border-slate-200 bg-white p-3">
          <dt className="text-sm text-slate-700">{label}</dt>
          <dd className="text-2xl font-semibold" data-count={key}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Replace mode: the active rows absent from the file, which the commit would deactivate. */
export function DeactivationList({ rows, total, truncated }: { rows: DeactivationRow[]; total: number; truncated: boolean }) {
  if (total === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="mb-2 text-lg font-semibold">Serão desativados ({total})</h2>
      <p className="mb-2 text-sm text-slate-700">Estão na lista hoje e não estão no arquivo: deixam de bloquear a rematrícula.</p>
      <ul tabIndex={0} aria-label="Registros que serão desativados" className="max-h-60 overflow-y-auto rounded border border-slate-200 bg-white text-sm">
        {rows.map((r) => (
          <li key={r.id} className="border-t border-slate-100 px-3 py-1.5 first:border-0">
            {r.codigoInadim ? `${r.codigoInadim} — ` : ""}{r.studentName}{r.guardian1Name ? ` (responsável: ${r.guardian1Name})` : ""}
          </li>
        ))}
      </ul>
      {truncated && <p className="mt-2 text-sm text-slate-700">Mostrando os primeiros {rows.length.toLocaleString("pt-BR")}.</p>}
    </section>
  );
}

import type { HistoryEntry } from "@/lib/inadimplencia/history";
import { formatDateTime } from "./format";

const show = (v: string | null) => v ?? "—";

/** The row's audit trail, newest first: who, when, what, and each field's before → after. */
export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-700">Nenhuma alteração registrada.</p>;
  return (
    <ol className="space-y-3">
      {entries.map((e) => (
        <li key={e.id} className="rounded border border-slate-200 bg-white p-3">
          <p className="text-sm">
            <strong>{e.actionLabel}</strong>
            {" em "}<time dateTime={e.at}>{formatDateTime(e.at)}</time>
            {" por "}{e.actor ?? "sistema"}
            {e.batchId && <span className="text-slate-700"> (importação)</span>}
          </p>
          {e.changes.length > 0 && (
            <ul className="mt-2 space-y-1 text-sm">
              {e.changes.map((c) => (
                <li key={c.field}>
                  <span className="font-medium">{c.label}:</span>{" "}
                  <span className="text-slate-700">{show(c.before)}</span>
                  <span aria-hidden="true"> → </span><span className="sr-only"> passou a </span>
                  <span>{show(c.after)}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

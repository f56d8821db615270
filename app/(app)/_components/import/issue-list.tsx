import type { LineIssue } from "@/lib/import/types";

/** Invalid rows or warnings of a file, with their line numbers. */
export function IssueList({ title, items }: { title: string; items: LineIssue[] }) {
  if (items.length === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="mb-2 text-lg font-semibold">{title} ({items.length})</h2>
      <ul tabIndex={0} aria-label={title} className="max-h-60 overflow-y-auto rounded border border-slate-200 bg-white text-sm">
        {items.map((i, n) => <li key={n} className="border-t border-slate-100 px-3 py-1.5 first:border-0">Linha {i.line}: {i.reason}</li>)}
      </ul>
    </section>
  );
}

/** A row of counts (preview or report), each with its label. */
export function CountGrid({ items }: { items: [key: string, label: string, value: number][] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-7">
      {items.map(([key, label, value]) => (
        <div key={key} className="rounded border border-slate-200 bg-white p-3">
          <dt className="text-sm text-slate-700">{label}</dt>
          <dd className="text-2xl font-semibold" data-count={key}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

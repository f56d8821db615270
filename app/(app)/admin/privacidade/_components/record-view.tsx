// One stored record as the family reads it: every field, named as stored, with
// dates in Brazilian time and nested snapshots (the history) as indented text.

const DATE_TIME = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short", timeZone: "America/Sao_Paulo" });
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "sim" : "não";
  if (typeof v === "string" && TIMESTAMP.test(v)) {
    const d = new Date(v.replace(" ", "T"));
    return Number.isNaN(d.getTime()) ? v : DATE_TIME.format(d);
  }
  return typeof v === "object" ? JSON.stringify(v, null, 1) : String(v);
}

export function RecordView({ record }: { record: Record<string, unknown> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[minmax(10rem,auto)_1fr]">
      {Object.entries(record).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-700">{k}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words">{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A section of the export: its title, and each record (or "nada guardado"). */
export function RecordSection({ title, records }: { title: string; records: Record<string, unknown>[] }) {
  return (
    <section className="space-y-2 break-inside-avoid">
      <h2 className="text-lg font-semibold">{title} ({records.length})</h2>
      {records.length === 0 ? <p className="text-sm text-slate-600">Nada guardado.</p> : records.map((r, i) => (
        <div key={i} className="rounded border border-slate-200 bg-white p-3"><RecordView record={r} /></div>
      ))}
    </section>
  );
}

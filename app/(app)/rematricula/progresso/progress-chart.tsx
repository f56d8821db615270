import type { ProgressGroup } from "@/lib/rematricula/progress";

const SERIES_KEYS = [
  { key: "rematriculado", label: "Rematriculados", short: "Rem.", color: "#15803d" },
  { key: "pendente", label: "Pendentes", short: "Pend.", color: "#94a3b8" },
  { key: "bloqueado", label: "Bloqueados", short: "Bloq.", color: "#b91c1c" },
] as const;

/**
 * Two shapes of the same chart: beside its bar on a wide screen, a group's name
 * goes above its bar on a phone, so that the SVG is not shrunk to a size where
 * its text can no longer be read.
 */
const LAYOUTS = {
  wide: { width: 640, labelW: 150, legendX: 150, legendStep: 140, top: 30, rowH: 28, labelAbove: false, maxLabel: 20 },
  narrow: { width: 340, labelW: 0, legendX: 0, legendStep: 120, top: 30, rowH: 46, labelAbove: true, maxLabel: 44 },
} as const;
type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];

const totalOf = (g: ProgressGroup) => g.rematriculado + g.pendente + g.bloqueado;

/**
 * A stacked bar per group, drawn on the server as SVG (no chart library). The
 * image has a title and a description for screen readers; the numbers are
 * also in the table beside it, which is what assistive technology reads best.
 */
export function ProgressChart({ id, title, groups }: { id: string; title: string; groups: ProgressGroup[] }) {
  return (
    <div>
      <div className="max-sm:hidden">
        <ChartSvg id={id} title={title} groups={groups} layout={LAYOUTS.wide} />
      </div>
      <div className="sm:hidden">
        <ChartSvg id={`${id}-estreito`} title={title} groups={groups} layout={LAYOUTS.narrow} />
      </div>
    </div>
  );
}

function ChartSvg({ id, title, groups, layout: l }: { id: string; title: string; groups: ProgressGroup[]; layout: Layout }) {
  const max = Math.max(1, ...groups.map(totalOf));
  const barW = l.width - l.labelW - 60;
  const height = l.top + groups.length * l.rowH + 8;
  const desc = groups
    .map((g) => `${g.label}: ${g.rematriculado} rematriculados, ${g.pendente} pendentes, ${g.bloqueado} bloqueados`)
    .join("; ");
  return (
    <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${l.width} ${height}`}
      className="h-auto w-full max-w-full" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc || "Nenhum aluno na campanha."}</desc>
      {SERIES_KEYS.map((s, i) => (
        <g key={s.key} transform={`translate(${l.legendX + i * l.legendStep}, 8)`}>
          <rect width="12" height="12" fill={s.color} />
          <text x="18" y="11" fontSize="13" fill="#1e293b">{s.label}</text>
        </g>
      ))}
      {groups.map((g, row) => {
        const y = l.top + row * l.rowH + (l.labelAbove ? 20 : 0);
        const label = g.label.length > l.maxLabel ? `${g.label.slice(0, l.maxLabel - 1)}…` : g.label;
        let x = l.labelW;
        return (
          <g key={g.label}>
            {l.labelAbove ? (
              <text x={0} y={y - 6} fontSize="13" fill="#1e293b">{label}</text>
            ) : (
              <text x={l.labelW - 8} y={y + 15} fontSize="13" textAnchor="end" fill="#1e293b">{label}</text>
            )}
            {SERIES_KEYS.map((s) => {
              const w = (g[s.key] / max) * barW;
              const rect = <rect key={s.key} x={x} y={y} width={w} height={20} fill={s.color} />;
              x += w;
              return rect;
            })}
            <text x={x + 6} y={y + 15} fontSize="13" fill="#1e293b">{totalOf(g)}</text>
          </g>
        );
      })}
    </svg>
  );
}

export function ProgressTable({ caption, head, groups }: { caption: string; head: string; groups: ProgressGroup[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="px-3 py-2 text-left font-medium">{caption}</caption>
      <thead className="border-b border-slate-200 bg-slate-50">
        <tr>
          <th scope="col" className="px-3 py-2 font-semibold">{head}</th>
          {SERIES_KEYS.map((s) => (
            <th key={s.key} scope="col" className="px-3 py-2 text-right font-semibold">
              {/* Short on a phone, so the table fits; the full word stays for screen readers. */}
              <span aria-hidden="true" className="sm:hidden">{s.short}</span>
              <span className="max-sm:sr-only">{s.label}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.label} className="border-b border-slate-100 last:border-0">
            <th scope="row" className="px-3 py-1 font-medium">{g.label}</th>
            <td className="px-3 py-1 text-right">{g.rematriculado}</td>
            <td className="px-3 py-1 text-right">{g.pendente}</td>
            <td className="px-3 py-1 text-right">{g.bloqueado}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

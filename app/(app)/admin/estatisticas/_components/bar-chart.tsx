import { useId } from "react";

export interface Bar { label: string; value: number }

const ROW = 28;
const LABEL_W = 180;
const BAR_W = 360;
const NUM_W = 48;

/**
 * Horizontal bars drawn on the server as SVG. Assistive technology reads the
 * chart as one image named by its title, and the same numbers in the table
 * below it, so nobody needs to see the bars to get the figures.
 */
export function BarChart({ title, description, bars, unit, color = "#1d4ed8" }: {
  title: string; description: string; bars: Bar[]; unit: string; color?: string;
}) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * ROW;
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption id={`${id}-t`} className="mb-1 font-semibold">{title}</figcaption>
      <p id={`${id}-d`} className="mb-3 text-sm text-slate-600">{description}</p>
      {bars.length === 0 ? (
        <p className="text-sm text-slate-600">Nenhum dado para mostrar.</p>
      ) : (
        <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${LABEL_W + BAR_W + NUM_W} ${height}`}
          className="h-auto w-full max-w-2xl">
          {bars.map((b, i) => {
            const w = (b.value / max) * BAR_W;
            const y = i * ROW;
            return (
              <g key={`${b.label}-${i}`}>
                <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fontSize="13" fill="#0f172a">
                  {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
                </text>
                <rect x={LABEL_W} y={y + 5} width={Math.max(w, b.value > 0 ? 2 : 0)} height={ROW - 10} rx="3" fill={color} />
                <text x={LABEL_W + w + 6} y={y + ROW / 2} dominantBaseline="middle" fontSize="13" fill="#0f172a">{b.value}</text>
              </g>
            );
          })}
        </svg>
      )}
      <table className="mt-3 w-full max-w-md text-left text-sm">
        <caption className="sr-only">{title}: números do gráfico</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-1 font-medium">Categoria</th>
            <th scope="col" className="py-1 text-right font-medium">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b, i) => (
            <tr key={`${b.label}-${i}`} className="border-b border-slate-100">
              <th scope="row" className="py-1 font-normal">{b.label}</th>
              <td className="py-1 text-right tabular-nums">{b.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

import { TREND_SERIES, type Trends, type TrendWeek } from "@/lib/inadimplencia/trends";
import { formatDate } from "../../../rematricula/_components/format";

const W = 360;
const H = 96;
const PAD = 6;
const AXIS = 18;

/**
 * One small chart per series, each named by its own heading, so nothing is told
 * by colour: a line over the 52 weeks with a dot on each week that had any, the
 * largest value written at the top and the first and last weeks below.
 */
function Panel({ weeks, serie }: { weeks: TrendWeek[]; serie: (typeof TREND_SERIES)[number] }) {
  const values = weeks.map((w) => w[serie.key]);
  const max = Math.max(1, ...values);
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, weeks.length - 1);
  const y = (v: number) => H - AXIS - (v / max) * (H - AXIS - 14);
  const last = values.at(-1) ?? 0;
  const summary = `${serie.label}: ${last} na última semana, no máximo ${Math.max(0, ...values)} em ${weeks.length} semanas`;
  return (
    <figure className="min-w-0 rounded border border-slate-200 p-3">
      <figcaption className="text-sm font-medium">
        {serie.label}: <span className="tabular-nums">{last}</span> <span className="font-normal text-slate-600">na última semana</span>
      </figcaption>
      <svg role="img" aria-label={summary} viewBox={`0 0 ${W} ${H}`} className="mt-1 h-auto w-full">
        <line x1={PAD} x2={W - PAD} y1={H - AXIS} y2={H - AXIS} stroke="#94a3b8" />
        <text x={PAD} y={10} fontSize="10" fill="#334155">máx. {Math.max(0, ...values)}</text>
        <polyline fill="none" stroke="#1e3a8a" strokeWidth="2" points={values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
        {values.map((v, i) => v > 0 && <circle key={weeks[i].week} cx={x(i)} cy={y(v)} r="2.2" fill="#1e3a8a" />)}
        <text x={PAD} y={H - 4} fontSize="10" fill="#334155">{formatDate(weeks[0]?.week ?? null)}</text>
        <text x={W - PAD} y={H - 4} fontSize="10" textAnchor="end" fill="#334155">{formatDate(weeks.at(-1)?.week ?? null)}</text>
      </svg>
    </figure>
  );
}

/** The list's weekly trend (issue 19): the charts, the unidade filter, the numbers as a table and as CSV. */
export function TrendsSection({ trends, exportHref }: { trends: Trends; exportHref: string }) {
  const { weeks } = trends;
  return (
    <section aria-labelledby="trends-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="trends-title" className="font-semibold">Tendência semanal ({weeks.length} semanas)</h2>
          <p className="text-sm text-slate-600">
            {trends.unidade ? `Unidade ${trends.unidade}` : "Escola inteira"}. Reconstruída do histórico de alterações
            da lista; semanas de segunda a domingo.
          </p>
        </div>
        <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
          <div>
            <label htmlFor="trend-unidade" className="block font-medium">Unidade</label>
            <select id="trend-unidade" name="unidade" defaultValue={trends.unidade}
              className="rounded border border-slate-400 bg-white px-2 py-1.5">
              <option value="">Escola inteira</option>
              {trends.unidades.map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </div>
          <button type="submit" className="rounded border border-slate-400 px-3 py-1.5 hover:bg-slate-100">Ver</button>
          <a href={exportHref} download className="px-1 py-1.5 text-blue-800 underline">Exportar tendência (CSV)</a>
        </form>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {TREND_SERIES.map((s) => <Panel key={s.key} weeks={weeks} serie={s} />)}
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-blue-800">Ver os números semana a semana</summary>
        {/* Focusable, so a keyboard can scroll the 52 weeks. */}
        <div className="relative mt-2 max-h-96 overflow-auto" tabIndex={0} role="region" aria-label="Tendência semanal: números">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Tendência semanal: números dos gráficos</caption>
            <thead className="sticky top-0 bg-slate-100">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">Semana de</th>
                {TREND_SERIES.map((s) => <th key={s.key} scope="col" className="px-2 py-1 text-right font-medium">{s.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.week} className="border-t border-slate-100">
                  <th scope="row" className="whitespace-nowrap px-2 py-1 font-normal">{formatDate(w.week)}</th>
                  {TREND_SERIES.map((s) => <td key={s.key} className="px-2 py-1 text-right tabular-nums">{w[s.key]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

import { useId } from "react";
import type { DayAttempts } from "@/lib/inadimplencia/stats";
import { formatDate } from "../../../rematricula/_components/format";

const H = 160;
const COL = 20;
const AXIS = 24;
// Room on the right so the last day's label is not cut off.
const PAD = 16;
const BLOCKED = "#b91c1c";
const WOULD = "#d97706";

/**
 * Blocked and would-block attempts per day, stacked, as server-rendered SVG.
 * The table that follows carries the same numbers for screen readers and for
 * anyone who prefers reading them.
 */
export function AttemptsChart({ days, blocked, wouldBlock }: { days: DayAttempts[]; blocked: number; wouldBlock: number }) {
  const id = useId();
  const max = Math.max(1, ...days.map((d) => d.blocked + d.wouldBlock));
  const scale = (n: number) => (n / max) * (H - AXIS);
  const active = days.filter((d) => d.blocked + d.wouldBlock > 0);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption id={`${id}-t`} className="mb-1 font-semibold">Tentativas de rematrícula barradas (últimos 30 dias)</figcaption>
      <p id={`${id}-d`} className="mb-3 text-sm text-slate-600">
        {blocked} bloqueada(s) e {wouldBlock} que seriam bloqueadas com a trava do servidor ligada, por dia.
      </p>
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${days.length * COL + PAD} ${H}`} className="h-auto w-full max-w-3xl">
        <line x1="0" x2={days.length * COL} y1={H - AXIS} y2={H - AXIS} stroke="#94a3b8" />
        {days.map((d, i) => {
          const hb = scale(d.blocked);
          const hw = scale(d.wouldBlock);
          const x = i * COL + 3;
          return (
            <g key={d.day}>
              <rect x={x} y={H - AXIS - hb} width={COL - 6} height={hb} fill={BLOCKED} />
              <rect x={x} y={H - AXIS - hb - hw} width={COL - 6} height={hw} fill={WOULD} />
              {i % 5 === 4 && (
                <text x={x + (COL - 6) / 2} y={H - 8} textAnchor="middle" fontSize="10" fill="#334155">{d.day.slice(8)}/{d.day.slice(5, 7)}</text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="mt-2 flex gap-4 text-sm" aria-hidden="true">
        <li><span className="mr-1 inline-block h-3 w-3 align-middle" style={{ background: BLOCKED }} />Bloqueadas</li>
        <li><span className="mr-1 inline-block h-3 w-3 align-middle" style={{ background: WOULD }} />Seriam bloqueadas</li>
      </ul>
      <table className="mt-3 w-full max-w-md text-left text-sm">
        <caption className="sr-only">Tentativas barradas por dia: números do gráfico</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-1 font-medium">Dia</th>
            <th scope="col" className="py-1 text-right font-medium">Bloqueadas</th>
            <th scope="col" className="py-1 text-right font-medium">Seriam bloqueadas</th>
          </tr>
        </thead>
        <tbody>
          {active.map((d) => (
            <tr key={d.day} className="border-b border-slate-100">
              <th scope="row" className="py-1 font-normal">{formatDate(d.day)}</th>
              <td className="py-1 text-right tabular-nums">{d.blocked}</td>
              <td className="py-1 text-right tabular-nums">{d.wouldBlock}</td>
            </tr>
          ))}
          {active.length === 0 && (
            <tr><td colSpan={3} className="py-1 text-slate-600">Nenhuma tentativa barrada nos últimos 30 dias.</td></tr>
          )}
        </tbody>
        <tfoot>
          <tr className="font-medium">
            <th scope="row" className="py-1 text-left">Total</th>
            <td className="py-1 text-right tabular-nums">{blocked}</td>
            <td className="py-1 text-right tabular-nums">{wouldBlock}</td>
          </tr>
        </tfoot>
      </table>
    </figure>
  );
}

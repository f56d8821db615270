import { formatDateTime } from "./format";

const PARTS = new Intl.DateTimeFormat("pt-BR", {
  timeZone: "America/Sao_Paulo", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
  second: "2-digit", hourCycle: "h23",
});

/**
 * A liberação granted "until 02/12" is stored as midnight of 03/12 (Brazilian
 * time), its end; people read it as the last day it holds. Other instants are
 * shown as they are.
 */
export function formatUntil(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = Object.fromEntries(PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  if (p.hour !== "00" || p.minute !== "00" || p.second !== "00") return formatDateTime(iso);
  const lastDay = new Date(d.getTime() - 1000);
  const q = Object.fromEntries(PARTS.formatToParts(lastDay).map((x) => [x.type, x.value]));
  return `${q.day}/${q.month}/${q.year} (fim do dia)`;
}

// Dates of the finance team's work are shown in Brasília time, whatever the server's zone.
const DATE_TIME = new Intl.DateTimeFormat("pt-BR", {
  dateStyle: "short",
  timeStyle: "short",
  timeZone: "America/Sao_Paulo",
});

export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

export const BUTTON = "rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:bg-slate-400";
export const BUTTON_SECONDARY = "rounded border border-slate-400 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100";
export const BUTTON_DANGER = "rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-400";
export const INPUT = "mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2";

// Dates of the school's day-to-day are shown in Brasília time, whatever the server's zone.
const DATE_TIME = new Intl.DateTimeFormat("pt-BR", {
  dateStyle: "short",
  timeStyle: "short",
  timeZone: "America/Sao_Paulo",
});

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

/** A calendar date ("2014-03-09" → "09/03/2014"), never shifted by a time zone. */
export function formatDate(ymd: string | null): string {
  const m = ymd?.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "—";
}

// The flags' cache time is stored as cache_ttl_ms (seed 001) but a school thinks
// in seconds: the form shows and takes seconds, and these convert at the edge.

/** Typed seconds as milliseconds; text that is not a number is passed on, for the schema to refuse with its message. */
export function msFromSeconds(typed: string): unknown {
  const t = typed.trim().replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(t) ? Math.round(Number(t) * 1000) : t;
}

/** Stored milliseconds as the seconds the form shows (whole seconds when exact). */
export function secondsFromMs(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * The SQLSTATE of a failed query. Drizzle wraps driver errors in DrizzleQueryError,
 * so the code sits somewhere down the `cause` chain, whichever driver ran it.
 */
export function pgCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

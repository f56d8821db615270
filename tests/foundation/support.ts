import type { SQL } from "drizzle-orm";
import { expect } from "vitest";
import { rowsOf, type Db, type Tx } from "@/db/client";

/** Rows of a raw query, on either driver. */
export async function q<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/**
 * The SQLSTATE of a failed query. Drizzle wraps driver errors in DrizzleQueryError,
 * so the code sits somewhere down the `cause` chain.
 */
export function pgCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** Asserts that `work` fails with this SQLSTATE (42501 = insufficient privilege / RLS). */
export async function expectPgError(work: Promise<unknown>, code: string): Promise<void> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected SQLSTATE ${code}, but the statement succeeded`).toBeDefined();
  expect(pgCode(err)).toBe(code);
}

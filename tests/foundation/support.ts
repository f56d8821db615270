import type { SQL } from "drizzle-orm";
import { expect } from "vitest";
import { rowsOf, type Db, type Tx } from "@/db/client";
import { pgCode } from "@/db/pg-error";

export { pgCode };

/** Rows of a raw query, on either driver. */
export async function q<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
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

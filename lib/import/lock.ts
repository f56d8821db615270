import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { AppError } from "@/lib/errors";

/**
 * One import (or undo) per school at a time, across every instance of the app:
 * a transaction-scoped advisory lock, so it is released by commit or rollback
 * and can never outlive the work. Trying rather than waiting: a second upload
 * gets an answer at once instead of a request hanging behind a long import.
 */
export async function lockImports(tx: Tx): Promise<void> {
  const [row] = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext((select app_tenant())::text || ':import')) as ok`),
  );
  if (!row?.ok) {
    throw new AppError("CONFLICT", "Outra importação desta escola está em andamento. Tente novamente em instantes.");
  }
}

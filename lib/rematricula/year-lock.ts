import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { AppError } from "@/lib/errors";

// One advisory lock per school around its year, held until the transaction
// ends. Finalize and cancel hold it shared while they read the destination year
// and write next year's rematrícula; the year turn and its undo hold it
// exclusively. So a turn never counts a student as "not re-enrolled" while
// their rematrícula is being written, and no rematrícula is written for a year
// that has just stopped being the campaign's.
const KEY = sql`hashtext((select app_tenant())::text || ':ano-letivo')`;

/** For finalize and cancel: waits (milliseconds) while a turn of the year commits. */
export async function holdSchoolYear(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${KEY})`);
}

/** For the turn and its undo: trying rather than waiting, so a second click gets an answer at once. */
export async function lockSchoolYear(tx: Tx): Promise<void> {
  const [row] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${KEY}) as ok`));
  if (!row?.ok) {
    throw new AppError("CONFLICT",
      "O ano letivo desta escola está sendo encerrado ou uma rematrícula está sendo gravada agora. Tente novamente em instantes.");
  }
}

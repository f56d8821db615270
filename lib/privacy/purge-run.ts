// No "server-only" here: instrumentation.ts loads this outside the React server
// layer, where that guard would throw. It reaches the database only.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { withAppContext } from "@/db/tenant";

/**
 * Runs the day's purge if it is due: the database decides (privacy_purge_due,
 * migration 0018), so any number of instances may call this at once — one runs,
 * the others get null. Returns the run's id, or null when nothing ran.
 */
export async function purgeIfDue(db?: Db): Promise<number | null> {
  return withAppContext({}, async (tx) => {
    const [r] = rowsOf<{ run: string | number | null }>(await tx.execute(sql`select privacy_purge_due() as run`));
    return r.run === null ? null : Number(r.run);
  }, db);
}

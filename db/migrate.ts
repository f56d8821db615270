import path from "node:path";
import { readFileSync } from "node:fs";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { DbHandle } from "./client";
import { MIGRATIONS_DIR } from "./paths";

export { MIGRATIONS_DIR };

/**
 * Applies the committed migrations that are not applied yet; a no-op when none
 * are new. Drizzle's migrator runs the whole pending batch in ONE transaction
 * (drizzle-orm pg-core dialect `migrate`), so a failing migration leaves the
 * database exactly at the version it had: none of the batch is applied.
 */
export async function migrateDb(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (handle.kind === "pglite") await migratePglite(handle.db as unknown as PgliteDatabase, config);
  else await migratePostgres(handle.db as unknown as PostgresJsDatabase, config);
}

/** How many migrations the code expects: the schema version /api/health compares against. */
export function expectedSchemaVersion(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"));
  return journal.entries.length;
}

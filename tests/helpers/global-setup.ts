import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { openPglite } from "@/db/client";
import { migrateDb } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated embedded database's data directory, as a tarball file. */
    pgliteSnapshot: string;
  }
}

/**
 * On the embedded database, migrate once for the whole run and let every test
 * file start from a copy of that state: migrating costs seconds per file, loading
 * the snapshot well under one. Each file still gets its own database in memory,
 * so no file sees another's data. On PostgreSQL each file migrates its own
 * database, as the server makes that cheap.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const handle = openPglite();
  await migrateDb(handle);
  // A dump of a running cluster loads as one that crashed: each file would
  // replay the migrations' WAL since the last checkpoint before its first query.
  await handle.db.execute(sql`checkpoint`);
  const tarball = await handle.dump!();
  await handle.close();
  const dir = mkdtempSync(path.join(tmpdir(), "rematricula-pglite-"));
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

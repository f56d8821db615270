import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import postgres from "postgres";
import { openPglite, openPostgres, preparedStatements, useDbHandle, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";

export interface TestDb extends DbHandle {
  /** A connection URL when running on PostgreSQL (for concurrency tests). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, a
 * new database on the server named by DATABASE_URL otherwise (dropped on close).
 * It also becomes the process's database, so domain code under test uses it.
 */
export async function createTestDb(): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  let handle: TestDb;
  if (!base) {
    const snapshot = inject("pgliteSnapshot");
    handle = openPglite(undefined, snapshot ? new Blob([readFileSync(snapshot)]) : undefined);
  } else {
    const name = `rt_${Date.now()}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(base, { max: 1, prepare: preparedStatements(), onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const inner = openPostgres(url.toString());
    handle = {
      ...inner,
      url: url.toString(),
      async close() {
        await inner.close();
        const a = postgres(base, { max: 1, prepare: preparedStatements(), onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  await migrateDb(handle);
  useDbHandle(handle);
  return handle;
}

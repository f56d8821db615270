import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

/** The embedded database: a directory, or memory when dataDir is omitted. */
export function openPglite(dataDir?: string): DbHandle {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, extensions: { unaccent, pg_trgm } });
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    close: () => client.close(),
  };
}

export function openPostgres(url: string, max = 10): DbHandle {
  const client = postgres(url, { max, onnotice: () => {} });
  return {
    db: drizzlePostgres(client, { schema }) as unknown as Db,
    kind: "postgres",
    close: () => client.end({ timeout: 5 }),
  };
}

export function openFromEnv(): DbHandle {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
}

// One handle per process, opened on first use (never at import or build time)
// and kept on globalThis so that hot reloads do not open PGlite's directory twice.
const holder = globalThis as unknown as { __rematriculaDb?: DbHandle };

export function getDbHandle(): DbHandle {
  holder.__rematriculaDb ??= openFromEnv();
  return holder.__rematriculaDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

/** Tests point the process at the database they created. */
export function useDbHandle(handle: DbHandle): void {
  holder.__rematriculaDb = handle;
}

/** Rows of a raw `execute`, whichever driver ran it. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { DEFAULT_PGLITE_DIR } from "./paths";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
  /** The embedded database's whole data directory, as a tarball (PGlite only). */
  dump?(): Promise<Blob | File>;
}

export { DEFAULT_PGLITE_DIR } from "./paths";

/**
 * The embedded database: a directory, or memory when dataDir is omitted. A
 * snapshot (from `dumpPglite`) starts it from that state instead of an empty
 * cluster, which is how the test suite avoids migrating once per file.
 */
export function openPglite(dataDir?: string, snapshot?: Blob): DbHandle {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, loadDataDir: snapshot, extensions: { unaccent, pg_trgm, btree_gist } });
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    close: () => client.close(),
    dump: () => client.dumpDataDir("none"),
  };
}

/**
 * Whether the client may use named prepared statements. PgBouncer in
 * transaction mode (1.18) hands each transaction to any server connection, where
 * a statement prepared on another one does not exist: set DATABASE_PREPARE=false
 * behind it. Everything the app sets per request is transaction-local
 * (set_config(..., true) in db/tenant.ts), which is what makes that pooling safe.
 */
export function preparedStatements(): boolean {
  return !/^(false|0|no|off)$/i.test(process.env.DATABASE_PREPARE ?? "");
}

export function openPostgres(url: string, max = 10): DbHandle {
  const prepare = preparedStatements();
  const client = postgres(url, { max, prepare, onnotice: () => {} });
  return {
    db: drizzlePostgres(prepare ? namedStatements(client) : client, { schema }) as unknown as Db,
    kind: "postgres",
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle sends every query as an unnamed statement (`prepare: false`), and
 * postgres.js describes each one with parameters before binding it: two round
 * trips per query and a fresh plan every time — a third of a page's database
 * messages. Named statements are described and planned once per connection
 * (postgres.js keeps them until the connection is recycled), then cost one round
 * trip. The SQL text of every query is fixed by the code, its values always
 * parameters, so the set of statements stays bounded. This wraps the client
 * (and the clients of its transactions and savepoints) to ask for names.
 */
function namedStatements(client: postgres.Sql): postgres.Sql {
  const scoped = (open: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const fn = args.pop() as (tx: postgres.Sql) => unknown;
    return open(...args, (tx: postgres.Sql) => fn(namedStatements(tx)));
  };
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === "unsafe") {
        return (query: string, params?: unknown[], options?: object) =>
          target.unsafe(query, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
      }
      if (key === "begin" || key === "savepoint") return scoped(Reflect.get(target, key, receiver));
      return Reflect.get(target, key, receiver);
    },
  });
}

export function openFromEnv(): DbHandle {
  const url = process.env.DATABASE_URL;
  const max = Number.parseInt(process.env.DATABASE_POOL_MAX ?? "", 10);
  return url ? openPostgres(url, max > 0 ? max : 10) : openPglite(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
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

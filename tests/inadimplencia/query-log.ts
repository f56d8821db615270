import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { useDbHandle, type Db, type DbHandle } from "@/db/client";
import * as schema from "@/db/schema";
import type { TestDb } from "../helpers/db";

/**
 * Records the statements really sent to the database, below Drizzle: on PGlite
 * the Parse ('P') and simple Query ('Q') messages of the wire protocol that
 * reach the engine; on PostgreSQL every query postgres.js writes to a socket
 * (its `debug` hook), on a handle of its own to the test database.
 */
export interface QueryLog {
  handle: DbHandle;
  /** The SQL texts sent since the last reset, in order. */
  texts(): string[];
  reset(): void;
  close(): Promise<void>;
}

function cstring(bytes: Uint8Array, from: number): [string, number] {
  const end = bytes.indexOf(0, from);
  return [new TextDecoder().decode(bytes.subarray(from, end)), end + 1];
}

/** The SQL of a frontend message, if it carries any. */
function sqlOfMessage(msg: Uint8Array): string | undefined {
  const type = String.fromCharCode(msg[0]);
  if (type === "Q") return cstring(msg, 5)[0];
  if (type === "P") return cstring(msg, cstring(msg, 5)[1])[0]; // statement name, then query
  return undefined;
}

function pgliteLog(t: TestDb): QueryLog {
  const client = (t.db as unknown as { $client: PGlite }).$client;
  type Raw = (msg: Uint8Array, ...rest: unknown[]) => Uint8Array;
  const target = client as unknown as { execProtocolRawSync: Raw };
  const original = target.execProtocolRawSync;
  let texts: string[] = [];
  // Every other exec* path of PGlite ends here, one frontend message per call.
  target.execProtocolRawSync = function (msg, ...rest) {
    const text = sqlOfMessage(msg);
    if (text !== undefined) texts.push(text);
    return original.call(this, msg, ...rest);
  };
  return {
    handle: t,
    texts: () => [...texts],
    reset: () => { texts = []; },
    close: async () => { target.execProtocolRawSync = original; },
  };
}

function postgresLog(t: TestDb): QueryLog {
  let texts: string[] = [];
  // fetch_types off: otherwise each new connection first sends postgres.js's own
  // pg_type lookup, which is not the work being counted (nothing here reads arrays).
  const client = postgres(t.url!, {
    max: 10, onnotice: () => {}, fetch_types: false, debug: (_conn, query) => { texts.push(query); },
  });
  return {
    handle: { db: drizzle(client, { schema }) as unknown as Db, kind: "postgres", close: () => client.end({ timeout: 5 }) },
    texts: () => [...texts],
    reset: () => { texts = []; },
    close: () => client.end({ timeout: 5 }),
  };
}

export function openQueryLog(t: TestDb): QueryLog {
  return t.kind === "pglite" ? pgliteLog(t) : postgresLog(t);
}

/** Statements of the work itself: without transaction control and the tenant set-up of withTenant. */
export function workStatements(texts: string[]): string[] {
  return texts.filter((q) => !/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(q) && !/set_config\('role'/.test(q));
}

/** The work statements `run` sends, through a logging handle that is the process's database meanwhile. */
export async function workStatementsOf<T>(t: TestDb, run: () => Promise<T>): Promise<{ result: T; work: string[] }> {
  const log = openQueryLog(t);
  useDbHandle(log.handle);
  try {
    log.reset();
    const result = await run();
    return { result, work: workStatements(log.texts()) };
  } finally {
    useDbHandle(t);
    await log.close();
  }
}

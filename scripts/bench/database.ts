/**
 * A PostgreSQL database for one benchmark run: either the one BENCH_DATABASE_URL
 * names (used as is, migrated), or a fresh one created on the server of
 * DATABASE_URL (default the local postgres) and dropped afterwards — also on
 * failure and on Ctrl-C, so a run never leaves a database behind.
 */
import postgres from "postgres";
import { openPostgres, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";

export interface BenchDatabase {
  url: string;
  /** The application's handle (drizzle over postgres.js). */
  handle: DbHandle;
  /** A plain connection as the owner, for loading data and for COPY. */
  owner: postgres.Sql;
  serverVersion: string;
}

const SERVER_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function withBenchDatabase(prefix: string, work: (db: BenchDatabase) => Promise<void>): Promise<void> {
  const given = process.env.BENCH_DATABASE_URL;
  const name = `${prefix}_${Date.now()}`;
  let url = given ?? "";
  const drop = async () => {
    const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  if (!given) {
    const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end({ timeout: 5 });
    const u = new URL(SERVER_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void drop().finally(() => process.exit(130)));
    }
  }
  const handle = openPostgres(url, 4);
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrateDb(handle);
    const [{ v }] = await owner`select current_setting('server_version') as v`;
    await work({ url, handle, owner, serverVersion: String(v) });
  } finally {
    await owner.end({ timeout: 5 }).catch(() => {});
    await handle.close().catch(() => {});
    if (!given) await drop();
  }
}

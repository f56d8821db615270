/**
 * A PostgreSQL database for one benchmark run: either the one BENCH_DATABASE_URL
 * names (used as is, migrated), or a fresh one created on the server of
 * DATABASE_URL (default the local postgres) and dropped afterwards — also on
 * failure and on Ctrl-C, so a run never leaves a database behind.
 */
import postgres from "postgres";
import { openPostgres, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import type { Role } from "@/db/schema";
import type { TenantSession } from "@/lib/auth/permissions";

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

/** A new school with one member of the given role, as the session the app would give them. */
export async function staffSession(db: BenchDatabase, label: string, role: Role): Promise<TenantSession> {
  const [t] = await db.owner`insert into tenants (slug, name) values (${`bench-${label}-${Date.now()}`}, ${label}) returning id`;
  const [u] = await db.owner`insert into users (email, name, password_hash)
    values (${`${label}-${Date.now()}@bench.demo`}, ${label}, 'x') returning id`;
  await db.owner`insert into memberships (tenant_id, user_id, role) values (${t.id}, ${u.id}, ${role})`;
  return { tenantId: String(t.id), userId: String(u.id), roles: [role] };
}

/** The work's result and its wall time in ms. */
export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const out = await work();
  return [out, performance.now() - start];
}

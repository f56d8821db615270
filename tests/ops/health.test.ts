import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { openPostgres, useDbHandle } from "@/db/client";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expectedSchemaVersion, MIGRATIONS_DIR } from "@/db/migrate";
import { GET } from "@/app/api/health/route";
import { healthStatus, type HealthFacts } from "@/lib/ops/health";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";

// /api/health is what the deploy script and a load balancer trust: it must tell
// "database down" from "schema behind", and refuse a database whose app role
// would skip RLS.
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => {
  useDbHandle(t);
  await t?.close();
});

async function health(): Promise<{ code: number; body: Record<string, unknown> }> {
  const res = await GET();
  return { code: res.status, body: await res.json() };
}

test("a migrated database is healthy at the latest schema version", async () => {
  expect(await health()).toEqual({
    code: 200,
    body: { status: "ok", schemaVersion: expectedSchemaVersion(), expectedSchemaVersion: expectedSchemaVersion() },
  });
});

test("a database behind the code's migrations is schema_outdated, and migrating heals it", async () => {
  const [last] = await q<{ id: number }>(t.db, sql`select max(id)::int as id from drizzle.__drizzle_migrations`);
  const [row] = await q<{ hash: string; created_at: string }>(t.db,
    sql`delete from drizzle.__drizzle_migrations where id = ${last.id} returning hash, created_at::text`);
  try {
    const r = await health();
    expect(r.code).toBe(503);
    expect(r.body).toMatchObject({ status: "schema_outdated", schemaVersion: expectedSchemaVersion() - 1 });
  } finally {
    await t.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${row.hash}, ${row.created_at}::bigint)`);
  }
  expect((await health()).code).toBe(200);
});

test("a database that does not answer is database_unavailable, not a 500", async () => {
  useDbHandle(openPostgres("postgres://postgres@127.0.0.1:1/nada", 1));
  try {
    const r = await health();
    expect(r.code).toBe(503);
    expect(r.body).toEqual({ status: "database_unavailable", expectedSchemaVersion: expectedSchemaVersion() });
  } finally {
    useDbHandle(t);
  }
});

// Roles are cluster-wide on PostgreSQL: weakening rematricula_app there would
// switch RLS off for every other database on the server, including other test
// files running in parallel. The embedded database is private to this process.
test.skipIf(!!process.env.DATABASE_URL)(
  "an app role with BYPASSRLS or LOGIN is refused, and migration 0010 puts it right",
  async () => {
    await t.db.execute(sql`alter role rematricula_app bypassrls login`);
    const r = await health();
    expect(r.code).toBe(503);
    expect(r.body.status).toBe("app_role_privileged");
    // Run migration 0010 again, as a server whose role predates it would.
    await t.db.execute(sql.raw(readFileSync(path.join(MIGRATIONS_DIR, "0010_ops_app_role.sql"), "utf8")));
    const [role] = await q<{ rolbypassrls: boolean; rolcanlogin: boolean; rolsuper: boolean }>(t.db,
      sql`select rolbypassrls, rolcanlogin, rolsuper from pg_roles where rolname = 'rematricula_app'`);
    expect(role).toEqual({ rolbypassrls: false, rolcanlogin: false, rolsuper: false });
    expect((await health()).code).toBe(200);
  },
);

test("the login role is checked only where the deploy asks for it", () => {
  const facts: HealthFacts = {
    applied: 8, definers_ok: true, app_role_privileged: false, login_privileged: true, login_resolves_sessions: true,
  };
  expect(healthStatus(facts, 8, false)).toBe("ok");
  expect(healthStatus(facts, 8, true)).toBe("login_role_privileged");
  expect(healthStatus({ ...facts, login_privileged: false }, 8, true)).toBe("ok");
  expect(healthStatus({ ...facts, app_role_privileged: null }, 8, false)).toBe("app_role_privileged");
  expect(healthStatus({ ...facts, applied: 7 }, 8, true)).toBe("schema_outdated");
  expect(healthStatus({ ...facts, login_resolves_sessions: false }, 8, false)).toBe("login_cannot_resolve_sessions");
  expect(healthStatus({ ...facts, login_resolves_sessions: null }, 8, false)).toBe("login_cannot_resolve_sessions");
});

test("with REQUIRE_UNPRIVILEGED_LOGIN=1 a superuser login (as here) is refused", async () => {
  process.env.REQUIRE_UNPRIVILEGED_LOGIN = "1";
  try {
    const r = await health();
    expect(r.code).toBe(503);
    expect(r.body.status).toBe("login_role_privileged");
  } finally {
    delete process.env.REQUIRE_UNPRIVILEGED_LOGIN;
  }
});

// A login role created for this test only (unique name, dropped after); it is
// not a member of rematricula_app, as an operator who forgot the GRANT would leave it.
test.skipIf(!process.env.DATABASE_URL)("a login that is not a member of rematricula_app is told apart from a database that is down", async () => {
  const role = `ops_nomember_${Date.now()}`;
  await t.db.execute(sql.raw(`create role ${role} login`));
  const url = new URL(t.url!);
  url.username = role;
  const handle = openPostgres(url.toString(), 1);
  useDbHandle(handle);
  try {
    const r = await health();
    expect(r.code).toBe(503);
    expect(r.body.status).toBe("login_not_member_of_app_role");
  } finally {
    useDbHandle(t);
    await handle.close();
    await t.db.execute(sql.raw(`drop role ${role}`));
  }
});

// A member of rematricula_app that does not inherit its rights may switch to it
// (every transaction does) but may not run app_session_context, which every page
// and action calls without switching: all of them would fail.
test.skipIf(!process.env.DATABASE_URL)("a NOINHERIT member of rematricula_app is refused; an ordinary member resolves sessions", async () => {
  const stamp = Date.now();
  const roles = { noinherit: `ops_noinherit_${stamp}`, member: `ops_member_${stamp}` };
  await t.db.execute(sql.raw(`create role ${roles.noinherit} login noinherit in role rematricula_app`));
  await t.db.execute(sql.raw(`create role ${roles.member} login in role rematricula_app`));
  const as = async (role: string) => {
    const url = new URL(t.url!);
    url.username = role;
    const handle = openPostgres(url.toString(), 1);
    useDbHandle(handle);
    try {
      return await health();
    } finally {
      useDbHandle(t);
      await handle.close();
    }
  };
  try {
    expect(await as(roles.noinherit)).toMatchObject({ code: 503, body: { status: "login_cannot_resolve_sessions" } });
    expect(await as(roles.member)).toMatchObject({ code: 200, body: { status: "ok" } });
  } finally {
    await t.db.execute(sql.raw(`drop role ${roles.noinherit}`));
    await t.db.execute(sql.raw(`drop role ${roles.member}`));
  }
});

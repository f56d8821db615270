import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withAppContext } from "@/db/tenant";
import { createTestDb, type TestDb } from "../helpers/db";
import { expectPgError, q } from "./support";

// RLS only binds a role that is not superuser, lacks BYPASSRLS and owns nothing
// (owners skip policies unless forced, and can switch RLS off). SPEC §10.
const APP = "rematricula_app";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

test("the app role is neither superuser nor BYPASSRLS", async () => {
  const rows = await q<{ rolsuper: boolean; rolbypassrls: boolean }>(t.db,
    sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${APP}`);
  expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
});

test("the app role cannot inherit or assume another role's rights", async () => {
  // A membership in the owner's role would let `SET ROLE` escape the policies.
  const rows = await q<{ roleid: string }>(t.db, sql`select roleid::regrole::text as roleid
    from pg_auth_members where member = ${APP}::regrole`);
  expect(rows).toEqual([]);
});

test("the app role owns no table, view or sequence in schema public", async () => {
  const tables = await q<{ n: number }>(t.db,
    sql`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = ${APP}`);
  const relations = await q<{ relname: string }>(t.db, sql`select relname from pg_class
    where relnamespace = 'public'::regnamespace and relowner = ${APP}::regrole`);
  expect(tables[0].n).toBe(0);
  expect(relations).toEqual([]);
  // Sanity: the same query does see the owner's relations.
  const owned = await q<{ n: number }>(t.db, sql`select count(*)::int as n from pg_class
    where relnamespace = 'public'::regnamespace and relowner <> ${APP}::regrole and relkind = 'r'`);
  expect(owned[0].n).toBeGreaterThan(0);
});

test("requests really run as the app role and cannot switch RLS off", async () => {
  const [me] = await withAppContext({}, (tx) => q<{ u: string }>(tx, sql`select current_user as u`), t.db);
  expect(me.u).toBe(APP);
  // 42501: must be owner of table alunos.
  await expectPgError(withAppContext({},
    (tx) => tx.execute(sql`alter table alunos no force row level security`), t.db), "42501");
});

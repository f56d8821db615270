import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "./support";

// A catalog check rather than a list of names: a tenant table added by a future
// migration is covered without anyone remembering to update this test.

/**
 * Relations of schema public that have a tenant_id column but are not protected:
 * tables without RLS enabled and forced, or without any policy; views that do not
 * run with the caller's rights (security_invoker), since views bypass RLS otherwise.
 */
async function unprotectedTenantRelations(db: Db): Promise<string[]> {
  const rows = await q<{ name: string }>(db, sql`
    select c.relname as name
    from information_schema.columns col
    join pg_class c on c.relname = col.table_name
      and c.relnamespace = 'public'::regnamespace
    where col.table_schema = 'public' and col.column_name = 'tenant_id'
      and case
        when c.relkind in ('r', 'p') then not (c.relrowsecurity and c.relforcerowsecurity)
          or not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname)
        when c.relkind = 'v' then not coalesce(
          'security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false)
        else false
      end
    order by 1`);
  return rows.map((r) => r.name);
}

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

test("the catalog query finds the tenant tables at all", async () => {
  // Guards against a query that silently matches nothing (and so always passes).
  const rows = await q<{ name: string }>(t.db, sql`select table_name as name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id'`);
  expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining([
    "alunos", "unidades", "memberships", "system_config", "inadimplentes", "inadimplentes_audit",
    "liberacoes", "rematriculas", "rematricula_events",
  ]));
});

test("every tenant table has RLS enabled and forced, and a policy", async () => {
  expect(await unprotectedTenantRelations(t.db)).toEqual([]);
});

test("tables without tenant_id are the known global ones, and those holding people are protected", async () => {
  // A new table of school data that forgot tenant_id would escape the check above;
  // adding a global table has to be a conscious change to this list.
  const global = await q<{ name: string; rls: boolean }>(t.db, sql`
    select c.relname as name, c.relrowsecurity and c.relforcerowsecurity as rls from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
    order by 1`);
  expect(global.map((r) => r.name)).toEqual(["login_throttle", "privacy_runs", "tenants", "user_sessions", "users"]);
  // user_sessions: RLS with no policy at all — only its definer functions reach it.
  expect(global.filter((r) => r.rls).map((r) => r.name)).toEqual(["privacy_runs", "tenants", "user_sessions", "users"]);
});

test("the check reports a tenant table until it is fully protected", async () => {
  const probe = "rls_catalog_probe";
  await t.db.execute(sql`create table ${sql.identifier(probe)} (tenant_id uuid not null, note text)`);
  try {
    expect(await unprotectedTenantRelations(t.db)).toContain(probe);
    await t.db.execute(sql`alter table ${sql.identifier(probe)} enable row level security`);
    // Enabled but not forced: the owner would still bypass it.
    expect(await unprotectedTenantRelations(t.db)).toContain(probe);
    await t.db.execute(sql`alter table ${sql.identifier(probe)} force row level security`);
    // Forced with no policy denies everything to the app: still a mistake to flag.
    expect(await unprotectedTenantRelations(t.db)).toContain(probe);
    await t.db.execute(sql`create policy probe_tenant on ${sql.identifier(probe)} to rematricula_app
      using (tenant_id = (select public.app_tenant()))`);
    expect(await unprotectedTenantRelations(t.db)).not.toContain(probe);
  } finally {
    await t.db.execute(sql`drop table ${sql.identifier(probe)}`);
  }
});

test("the check reports a view over tenant data that bypasses RLS", async () => {
  const probe = "rls_catalog_probe_view";
  await t.db.execute(sql`create view ${sql.identifier(probe)} as select tenant_id, nome from alunos`);
  try {
    expect(await unprotectedTenantRelations(t.db)).toContain(probe);
    await t.db.execute(sql`alter view ${sql.identifier(probe)} set (security_invoker = true)`);
    expect(await unprotectedTenantRelations(t.db)).not.toContain(probe);
  } finally {
    await t.db.execute(sql`drop view ${sql.identifier(probe)}`);
  }
});

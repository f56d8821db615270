import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// A SECURITY DEFINER function runs with its owner's rights. If its search_path
// were the caller's, the caller could put a temporary table or function in front
// of the real one (pg_temp is searched FIRST unless the path names it) and make
// the function read or call the caller's object with the owner's rights.

let t: TestDb;
let A: TenantSession, B: TenantSession;
let alunoA: string;

beforeAll(async () => {
  t = await createTestDb();
  A = await makeSchool(t.db, {}, ["secretaria"]);
  B = await makeSchool(t.db, {}, ["admin", "financeiro"]);
  alunoA = await makeAluno(t.db, A.tenantId, { nome: "Lia Devedora" });
  await makeInadimplente(t.db, A.tenantId, { studentName: "Lia Devedora" });
});
afterAll(async () => { await t?.close(); });

/** Definer functions of schema public whose search_path is unpinned, or pinned with pg_temp before public. */
async function unsafeDefiners(db: Db | Tx): Promise<string[]> {
  const rows = await q<{ name: string; config: string[] | null }>(db, sql`
    select p.oid::regprocedure::text as name, p.proconfig as config
    from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef order by 1`);
  return rows.filter((r) => !pinned(r.config)).map((r) => r.name);
}

function pinned(config: string[] | string | null): boolean {
  const list = typeof config === "string" ? config.replace(/^\{|\}$/g, "").split(/,(?=\w+=)/) : config ?? [];
  const entry = list.find((c) => c.replace(/^"/, "").startsWith("search_path="));
  if (!entry) return false;
  const path = entry.replace(/^"?search_path=/, "").replace(/"$/, "").split(",").map((s) => s.trim().replace(/^"|"$/g, ""));
  // pg_temp not named means it is searched first: as bad as no pin at all.
  const temp = path.indexOf("pg_temp");
  return temp === path.length - 1 && path.includes("public");
}

test("every SECURITY DEFINER function pins search_path with pg_temp last", async () => {
  const all = await q<{ n: number }>(t.db, sql`select count(*)::int as n from pg_proc
    where pronamespace = 'public'::regnamespace and prosecdef`);
  expect(all[0].n).toBeGreaterThan(10);
  expect(await unsafeDefiners(t.db)).toEqual([]);
});

test("the catalog check flags a definer without a pin, or with pg_temp first", async () => {
  // The probes are created in a transaction that is then undone, so the schema stays as migrated.
  const undo = new Error("undo probes");
  let flagged: string[] = [];
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`create function public.probe_unpinned() returns int language sql security definer as 'select 1'`);
    await tx.execute(sql`create function public.probe_temp_first() returns int language sql security definer
      set search_path = pg_temp, public as 'select 1'`);
    flagged = await unsafeDefiners(tx);
    throw undo;
  }).catch((e: unknown) => { if (e !== undo) throw e; });
  expect(flagged).toEqual(["probe_temp_first()", "probe_unpinned()"]);
  expect(await unsafeDefiners(t.db)).toEqual([]);
});

test("temporary shadows of tables and functions do not change what the definer functions answer", async () => {
  const honest = await withTenant(A, (tx) => answers(tx), t.db);
  expect(honest).toEqual({ blocked: [alunoA], isAdmin: false, isFinance: false });

  const hijacked = await withTenant(A, async (tx) => {
    // The caller's own objects, named like the ones the functions use: a
    // membership making A's secretary an admin, an empty delinquent list, a
    // norm_text that matches nobody and an app_tenant pointing at school B.
    await tx.execute(sql`create temp table memberships on commit drop as
      select ${A.tenantId}::uuid as tenant_id, ${A.userId}::uuid as user_id, true as active, r as role
      from unnest(array['admin', 'financeiro']) r`);
    await tx.execute(sql`create temp table inadimplentes on commit drop as select * from public.inadimplentes where false`);
    await tx.execute(sql`create function pg_temp.norm_text(text) returns text language sql as $$ select 'x' $$`);
    await tx.execute(sql.raw(`create function pg_temp.app_tenant() returns uuid language sql as $$ select '${B.tenantId}'::uuid $$`));
    await tx.execute(sql`set local search_path = pg_temp, public`);
    return answers(tx);
  }, t.db);
  expect(hijacked).toEqual(honest);
});

async function answers(tx: Tx) {
  const blocked = await q<{ id: string }>(tx, sql`
    select aluno_id::text as id from public.check_inadimplencia(${`{${alunoA}}`}::uuid[]) where is_inadimplente`);
  const [roles] = await q<{ is_admin: boolean; is_finance: boolean }>(tx, sql`
    select public.app_is_admin() as is_admin, public.app_is_finance() as is_finance`);
  return { blocked: blocked.map((r) => r.id), isAdmin: roles.is_admin, isFinance: roles.is_finance };
}

test("the shadowing attack works on an unpinned, unqualified definer (so the test above can fail)", async () => {
  const undo = new Error("undo probe");
  let counted = -1;
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`create function public.probe_members() returns bigint language sql security definer
      as 'select count(*) from memberships'`);
    await tx.execute(sql`select set_config('role', 'rematricula_app', true)`);
    await tx.execute(sql`create temp table memberships on commit drop as select g from generate_series(1, 777) g`);
    [{ n: counted }] = await q<{ n: number }>(tx, sql`select public.probe_members()::int as n`);
    throw undo;
  }).catch((e: unknown) => { if (e !== undo) throw e; });
  expect(counted).toBe(777);
});

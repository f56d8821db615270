import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withAppContext, withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// On PostgreSQL a transaction's settings (the app role, the tenant, the user,
// the plan mode) go out with its first statements, in one round trip
// (db/tenant.ts). Those first statements must already run under them: a
// statement sent ahead of the settings would run as the connection's own role,
// which RLS does not bind.

let t: TestDb;
let A: TenantSession, B: TenantSession;
let alunoA: string, alunoB: string;

beforeAll(async () => {
  t = await createTestDb();
  A = await makeSchool(t.db);
  B = await makeSchool(t.db);
  alunoA = await makeAluno(t.db, A.tenantId, { nome: "Aluna Da Escola A" });
  alunoB = await makeAluno(t.db, B.tenantId, { nome: "Aluna Da Escola B" });
});
afterAll(async () => {
  await t?.close();
});

interface Settings { role: string; tenant: string; usr: string; mode: string }
const settingsNow = sql`select current_user::text as role, current_setting('app.current_tenant') as tenant,
  current_setting('app.current_user') as usr, current_setting('plan_cache_mode') as mode`;

test("the first statement of a transaction runs as the app role with the request's tenant and user", async () => {
  const [seen] = await withTenant(A, (tx) => q<Settings>(tx, settingsNow), t.db);
  expect(seen).toEqual({ role: "rematricula_app", tenant: A.tenantId, usr: A.userId, mode: "force_custom_plan" });
  const [bulk] = await withTenant({ ...B, bulk: true }, (tx) => q<Settings>(tx, settingsNow), t.db);
  expect(bulk).toEqual({ role: "rematricula_app", tenant: B.tenantId, usr: B.userId, mode: "auto" });
});

test("statements asked for together at the start, as a page does, each see only their school", async () => {
  for (const [s, own, other] of [[A, alunoA, alunoB], [B, alunoB, alunoA]] as const) {
    const [alunos, tenants] = await withTenant(s, (tx) => Promise.all([
      q<{ id: string }>(tx, sql`select id::text from alunos`),
      q<{ t: string }>(tx, sql`select distinct tenant_id::text as t from alunos`),
    ]), t.db);
    expect(alunos.map((r) => r.id)).toContain(own);
    expect(alunos.map((r) => r.id)).not.toContain(other);
    expect(tenants).toEqual([{ t: s.tenantId }]);
  }
});

test("a first statement that fails, sent with the settings, fails with its own error", async () => {
  // Not 25P02 ("current transaction is aborted"), which would hide what went wrong.
  await expectPgError(withTenant(A, (tx) => tx.execute(sql`select 1 / 0`), t.db), "22012");
  const [seen] = await withTenant(A, (tx) => q<Settings>(tx, settingsNow), t.db);
  expect(seen.tenant).toBe(A.tenantId);
});

test("without a tenant a transaction sees no school's rows", async () => {
  const rows = await withAppContext({}, (tx) => q<{ id: string }>(tx, sql`select id::text from alunos`), t.db);
  expect(rows).toEqual([]);
});

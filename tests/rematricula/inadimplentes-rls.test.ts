import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { withTenant } from "@/db/tenant";
import { checkOne } from "@/lib/inadimplencia/check";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeStaff } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// SPEC §5: staff without a finance role never read the list itself, whatever
// the application code does; check_inadimplencia is their only door.

let t: TestDb;
let secretaria: TenantSession, financeiro: TenantSession;
let alunoId: string;

beforeAll(async () => {
  t = await createTestDb();
  secretaria = await makeSchool(t.db, {}, ["secretaria"]);
  financeiro = await makeStaff(t.db, secretaria.tenantId, ["financeiro"]);
  alunoId = await makeAluno(t.db, secretaria.tenantId, { nome: "Helena Vieira" });
  await makeInadimplente(t.db, secretaria.tenantId, { studentName: "Helena Vieira", codigo: "77" });
  await makeInadimplente(t.db, secretaria.tenantId, { studentName: "Outro Aluno", codigo: "78" });
  await makeLiberacao(t.db, secretaria.tenantId, alunoId, { validFor: "-1 day" });
});
afterAll(async () => { await t?.close(); });

const count = (session: TenantSession, table: string) => withTenant(session, async (tx) =>
  (await q<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n);

test("the rows exist (the owner sees them)", async () => {
  expect((await q<{ n: number }>(t.db, sql`select count(*)::int as n from inadimplentes where tenant_id = ${secretaria.tenantId}`))[0].n).toBe(2);
});

test.each(["inadimplentes", "inadimplentes_audit", "liberacoes"])(
  "a secretaria's request sees 0 rows of %s (RLS filters, it does not raise)", async (table) => {
    expect(await count(secretaria, table)).toBe(0);
  });

test.each(["inadimplentes", "inadimplentes_audit", "liberacoes"])("a financeiro's request sees the rows of %s", async (table) => {
  expect(await count(financeiro, table)).toBeGreaterThan(0);
});

test("a secretaria's request cannot write to the list either", async () => {
  await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into inadimplentes (tenant_id, student_name)
    values (${secretaria.tenantId}, 'Alguém')`)), "42501");
  const touched = await withTenant(secretaria, (tx) => q(tx, sql`update inadimplentes set is_active = false returning id`));
  expect(touched).toEqual([]);
});

test("yet the check answers the secretaria", async () => {
  const r = await withTenant(secretaria, (tx) => checkOne(tx, alunoId));
  expect(r).toStrictEqual({ isInadimplente: true, mesesInadim: 3, codigoInadim: "77" });
});

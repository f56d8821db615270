import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { withAppContext, withTenant } from "@/db/tenant";
import { createTestDb, type TestDb } from "../helpers/db";
import { addMembership, makeAluno, makeRematricula, makeTenant, makeUser } from "../helpers/fixtures";
import { expectPgError, q } from "./support";

// Two schools with the same kinds of rows; every assertion is made as the app
// role, because the owner (our fixtures' connection) bypasses RLS.
const TABLES = ["alunos", "unidades", "memberships", "system_config", "rematriculas"] as const;

let t: TestDb;
let a: string, b: string, staffA: string, adminA: string, alunoB: string;

beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
  staffA = await makeUser(t.db, "Secretaria A");
  await addMembership(t.db, a, staffA, "secretaria");
  adminA = await makeUser(t.db, "Admin A");
  await addMembership(t.db, a, adminA, "admin");
  await addMembership(t.db, b, await makeUser(t.db, "Secretaria B"), "secretaria");
  await makeRematricula(t.db, a, await makeAluno(t.db, a, { nome: "Aluno A", unidade: "Centro A" }));
  alunoB = await makeAluno(t.db, b, { nome: "Aluno B", unidade: "Centro B" });
  await makeRematricula(t.db, b, alunoB);
});
afterAll(async () => { await t?.close(); });

const tenantCounts = (tx: Db | Tx, table: string) =>
  q<{ tenant_id: string; n: number }>(tx,
    sql`select tenant_id::text, count(*)::int as n from ${sql.identifier(table)} group by tenant_id`);

describe.each(TABLES)("%s", (table) => {
  test("the owner sees both tenants (the fixtures are there to hide)", async () => {
    const rows = await tenantCounts(t.db, table);
    expect(rows.map((r) => r.tenant_id).sort()).toEqual([a, b].sort());
  });

  test("tenant A sees its own rows and none of B's", async () => {
    const rows = await withTenant({ tenantId: a, userId: staffA }, (tx) => tenantCounts(tx, table), t.db);
    expect(rows.map((r) => r.tenant_id)).toEqual([a]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  test("with no tenant set nothing is visible", async () => {
    const rows = await withAppContext({}, (tx) => tenantCounts(tx, table), t.db);
    expect(rows).toEqual([]);
  });
});

test("inserting an aluno into tenant B from tenant A is refused by RLS", async () => {
  await expectPgError(withTenant({ tenantId: a, userId: staffA },
    (tx) => tx.execute(sql`insert into alunos (tenant_id, nome) values (${b}, 'Intruso')`), t.db), "42501");
  expect(await q(t.db, sql`select 1 from alunos where nome = 'Intruso'`)).toEqual([]);
});

test("writing a flag of tenant B from tenant A is refused by RLS", async () => {
  await expectPgError(withTenant({ tenantId: a, userId: staffA },
    (tx) => tx.execute(sql`insert into system_config (tenant_id, key, value) values (${b}, 'intruso', 'true')`), t.db),
  "42501");
  expect(await q(t.db, sql`select 1 from system_config where key = 'intruso'`)).toEqual([]);
});

test("moving an own row into tenant B is refused by the WITH CHECK clause, even for an admin", async () => {
  await expectPgError(withTenant({ tenantId: a, userId: adminA },
    (tx) => tx.execute(sql`update unidades set tenant_id = ${b} where tenant_id = ${a}`), t.db), "42501");
});

test("updates aimed at tenant B's rows touch nothing", async () => {
  const touched = await withTenant({ tenantId: a, userId: staffA }, async (tx) => ({
    alunos: await q(tx, sql`update alunos set nome = 'Alterado' where tenant_id = ${b} returning id`),
    config: await q(tx, sql`update system_config set value = 'true' where tenant_id = ${b} returning key`),
    rematriculas: await q(tx, sql`update rematriculas set status = 'cancelada' where tenant_id = ${b} returning id`),
  }), t.db);
  expect(touched).toEqual({ alunos: [], config: [], rematriculas: [] });
  const [row] = await q<{ nome: string }>(t.db, sql`select nome from alunos where tenant_id = ${b} and id = ${alunoB}`);
  expect(row.nome).toBe("Aluno B");
  expect(await q(t.db, sql`select 1 from rematriculas where tenant_id = ${b} and status = 'cancelada'`)).toEqual([]);
});

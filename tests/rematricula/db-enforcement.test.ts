import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeStaff } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// SPEC §6: the database itself refuses a rematrícula of a delinquent student
// while enforcement is on, so no code path can finalize around the block. These
// statements bypass lib/rematricula entirely, as a future careless path would.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

async function delinquent(flags: Parameters<typeof makeSchool>[1]) {
  const s = await makeSchool(t.db, flags);
  const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Rafaela Gonçalves" });
  await makeInadimplente(t.db, s.tenantId, { studentName: "rafaela goncalves", meses: 2, codigo: "0042" });
  return { s, alunoId };
}

const insertRematricula = (s: TenantSession, alunoId: string) => withTenant(s, (tx) => tx.execute(sql`
  insert into rematriculas (tenant_id, aluno_id, ano_letivo) values (${s.tenantId}, ${alunoId}, 2027)`));
const rematriculas = (alunoId: string) => q<{ status: string }>(t.db, sql`select status from rematriculas where aluno_id = ${alunoId}`);
const events = (alunoId: string) => q<{ kind: string; actor: string }>(t.db,
  sql`select kind, actor from rematricula_events where aluno_id = ${alunoId}`);

test("enforcement on: an insert as the app role is refused by the database", async () => {
  const { s, alunoId } = await delinquent({ enforcementServerEnabled: true });
  await expectPgError(insertRematricula(s, alunoId), "RM001");
  expect(await rematriculas(alunoId)).toEqual([]);
});

test("enforcement on: not even the owner's connection gets around it", async () => {
  const { s, alunoId } = await delinquent({ enforcementServerEnabled: true });
  await expectPgError(t.db.execute(sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo)
    values (${s.tenantId}, ${alunoId}, 2027)`), "RM001");
});

test("enforcement off: the row passes and a would-block event is recorded", async () => {
  const { s, alunoId } = await delinquent({ enforcementServerEnabled: false });
  await insertRematricula(s, alunoId);
  expect(await rematriculas(alunoId)).toEqual([{ status: "concluida" }]);
  expect(await events(alunoId)).toEqual([{ kind: "would_block", actor: s.userId }]);
});

test("check disabled: passes with no event", async () => {
  const { s, alunoId } = await delinquent({ enabled: false, enforcementServerEnabled: true });
  await insertRematricula(s, alunoId);
  expect(await events(alunoId)).toEqual([]);
});

test("a valid liberação lets the student through; an expired one does not", async () => {
  const { s, alunoId } = await delinquent({ enforcementServerEnabled: true });
  await makeLiberacao(t.db, s.tenantId, alunoId, { validFor: "-1 minute" });
  await expectPgError(insertRematricula(s, alunoId), "RM001");
  await makeLiberacao(t.db, s.tenantId, alunoId, { validFor: "1 day" });
  await insertRematricula(s, alunoId);
  expect(await rematriculas(alunoId)).toEqual([{ status: "concluida" }]);
});

test("re-opening a cancelled rematrícula of a student who became delinquent since is refused", async () => {
  const s = await makeSchool(t.db, { enforcementServerEnabled: true });
  const coord = await makeStaff(t.db, s.tenantId, ["coordenador"]);
  const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Tiago Moura" });
  await insertRematricula(s, alunoId);
  await withTenant(coord, (tx) => tx.execute(sql`update rematriculas set status = 'cancelada' where aluno_id = ${alunoId}`));
  await makeInadimplente(t.db, s.tenantId, { studentName: "Tiago Moura" });
  await expectPgError(withTenant(s, (tx) => tx.execute(sql`update rematriculas set status = 'concluida'
    where aluno_id = ${alunoId}`)), "RM001");
  expect(await rematriculas(alunoId)).toEqual([{ status: "cancelada" }]);
});

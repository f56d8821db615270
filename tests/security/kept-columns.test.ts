import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { expectPgError, q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff, makeTenant, makeUser, setFlag } from "../helpers/fixtures";

// Issue 15: the row policies check the role, but a secretaria's own
// transaction could still re-point a finished rematrícula at a delinquent
// student (the block trigger fires on status only), move it to another school
// year, and write any finalized_by / cancelled_by or event actor. Each
// statement here runs as the app role in a real member's context.
let t: TestDb;
let tenantId: string;
let secretaria: TenantSession, coordenador: TenantSession;
let someoneElse: string;
beforeAll(async () => {
  t = await createTestDb();
  tenantId = await makeTenant(t.db, "Escola Colunas");
  for (const key of ["enabled", "enforcement.server_enabled"]) await setFlag(t.db, tenantId, `rematricula.inadimplencia.${key}`, true);
  secretaria = await makeStaff(t.db, tenantId, ["secretaria"]);
  coordenador = await makeStaff(t.db, tenantId, ["coordenador"]);
  someoneElse = await makeUser(t.db, "Outra Pessoa");
});
afterAll(async () => { await t?.close(); });

async function finished(nome: string): Promise<string> {
  const alunoId = await makeAluno(t.db, tenantId, { nome });
  const [r] = await withTenant(secretaria, (tx) => q<{ id: string }>(tx, sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo)
    values (${tenantId}, ${alunoId}, 2027) returning id`));
  return r.id;
}

test("a finished rematrícula cannot be re-pointed at another (delinquent) student, nor moved to another year", async () => {
  const id = await finished("Aluna Em Dia");
  const devedora = await makeAluno(t.db, tenantId, { nome: "Aluna Devedora" });
  await makeInadimplente(t.db, tenantId, { studentName: "Aluna Devedora" });
  await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`update rematriculas set aluno_id = ${devedora} where id = ${id}`)), "RM004");
  await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`update rematriculas set ano_letivo = 2030 where id = ${id}`)), "RM004");
  await expectPgError(withTenant(coordenador, (tx) => tx.execute(sql`update rematriculas set aluno_id = ${devedora}, status = 'cancelada' where id = ${id}`)), "RM004");
  expect(await q(t.db, sql`select count(*)::int as n from rematriculas where aluno_id = ${devedora}`)).toEqual([{ n: 0 }]);
});

test("finalized_by and cancelled_by are the request's user, whatever the statement writes", async () => {
  const alunoId = await makeAluno(t.db, tenantId, { nome: "Aluno Autoria" });
  const [r] = await withTenant(secretaria, (tx) => q<{ id: string }>(tx, sql`insert into rematriculas
      (tenant_id, aluno_id, ano_letivo, finalized_by, finalized_at, cancelled_by, cancel_reason)
    values (${tenantId}, ${alunoId}, 2027, ${someoneElse}, now() - interval '1 year', ${someoneElse}, 'forjado') returning id`));
  const row = () => q<{ finalized_by: string; old: boolean; cancelled_by: string | null; cancel_reason: string | null; status: string }>(t.db,
    sql`select finalized_by, finalized_at < now() - interval '1 day' as old, cancelled_by, cancel_reason, status from rematriculas where id = ${r.id}`);
  expect(await row()).toEqual([{ finalized_by: secretaria.userId, old: false, cancelled_by: null, cancel_reason: null, status: "concluida" }]);
  // Re-writing the author later changes nothing either.
  await withTenant(secretaria, (tx) => tx.execute(sql`update rematriculas set finalized_by = ${someoneElse} where id = ${r.id}`));
  expect((await row())[0].finalized_by).toBe(secretaria.userId);
  await withTenant(coordenador, (tx) => tx.execute(sql`update rematriculas set status = 'cancelada', cancelled_by = ${someoneElse},
    cancel_reason = 'Transferência' where id = ${r.id}`));
  expect(await row()).toEqual([{ finalized_by: secretaria.userId, old: false, cancelled_by: coordenador.userId,
    cancel_reason: "Transferência", status: "cancelada" }]);
  // Re-opening: finalized by whoever re-opens; the last cancellation stays as its record.
  await withTenant(secretaria, (tx) => tx.execute(sql`update rematriculas set status = 'concluida', cancelled_by = null,
    cancel_reason = null where id = ${r.id}`));
  expect(await row()).toEqual([{ finalized_by: secretaria.userId, old: false, cancelled_by: coordenador.userId,
    cancel_reason: "Transferência", status: "concluida" }]);
});

test("a blocked-attempt event's actor is the request's user", async () => {
  const alunoId = await makeAluno(t.db, tenantId, { nome: "Aluno Evento" });
  await withTenant(secretaria, (tx) => tx.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind, actor, at)
    values (${tenantId}, ${alunoId}, 'blocked', ${someoneElse}, now() - interval '1 year')`));
  expect(await q(t.db, sql`select actor, at > now() - interval '1 day' as recent from rematricula_events where aluno_id = ${alunoId}`))
    .toEqual([{ actor: secretaria.userId, recent: true }]);
});

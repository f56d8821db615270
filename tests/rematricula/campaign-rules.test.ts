import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { cancelRematricula } from "@/lib/rematricula/cancel";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { getAlunoDetail } from "@/lib/rematricula/students";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const rematriculas = (alunoId: string) => q<{ id: string; status: string; cancel_reason: string | null; cancelled_by: string | null }>(
  t.db, sql`select id, status, cancel_reason, cancelled_by from rematriculas where aluno_id = ${alunoId}`);
const events = (alunoId: string) => q<{ kind: string }>(t.db, sql`select kind from rematricula_events where aluno_id = ${alunoId}`);

describe("only ativo students can be re-enrolled", () => {
  test.each(["transferido", "inativo", "concluinte"])("a %s student is refused by the server with the reason", async (status) => {
    const s = await makeSchool(t.db, { enforcementServerEnabled: true });
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: `Aluno ${status}`, status });
    const err = await finalizeRematricula(s, alunoId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "VALIDATION", message: `Aluno ${status}: somente alunos ativos podem ser rematriculados.` });
    expect(await rematriculas(alunoId)).toEqual([]);
  });

  test("a finished rematrícula of a student transferred afterwards stays done (idempotent)", async () => {
    const s = await makeSchool(t.db);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Aluno Depois Transferido" });
    const first = await finalizeRematricula(s, alunoId);
    await t.db.execute(sql`update alunos set status = 'transferido' where id = ${alunoId}`);
    expect(await finalizeRematricula(s, alunoId)).toMatchObject({ rematriculaId: first.rematriculaId, alreadyDone: true });
  });
});

describe("cancel and re-open", () => {
  async function finished(roles: Parameters<typeof makeStaff>[2] = ["coordenador"]) {
    const s = await makeSchool(t.db, { enforcementServerEnabled: true });
    const coord = await makeStaff(t.db, s.tenantId, roles, "Clara Coordenadora");
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: `Aluno Cancelável ${Math.random()}` });
    const { rematriculaId } = await finalizeRematricula(s, alunoId);
    return { s, coord, alunoId, rematriculaId };
  }

  test("a coordenador cancels with a reason: who, when and why are kept; the student is pending again", async () => {
    const { s, coord, alunoId, rematriculaId } = await finished();
    await cancelRematricula(coord, alunoId, "  Família mudou de cidade\0 ");
    expect(await rematriculas(alunoId)).toEqual([
      { id: rematriculaId, status: "cancelada", cancel_reason: "Família mudou de cidade", cancelled_by: coord.userId },
    ]);
    const detail = await getAlunoDetail(s, alunoId);
    expect(detail.rematricula).toMatchObject({ status: "cancelada", cancelamento: { por: "Clara Coordenadora", motivo: "Família mudou de cidade" } });
    await expect(cancelRematricula(coord, alunoId, "de novo")).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("an admin may cancel too", async () => {
    const { coord, alunoId } = await finished(["admin"]);
    await cancelRematricula(coord, alunoId, "Desistência");
    expect((await rematriculas(alunoId))[0].status).toBe("cancelada");
  });

  test("a secretaria's cancel is refused, and the database refuses it too", async () => {
    const { s, alunoId } = await finished();
    await expect(cancelRematricula(s, alunoId, "Tentativa")).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Past the permission matrix (a session claiming a role it does not hold): the policy still says no.
    await expect(cancelRematricula({ ...s, roles: ["coordenador"] }, alunoId, "Tentativa")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await rematriculas(alunoId))[0].status).toBe("concluida");
  });

  test.each([["empty", "   "], ["NUL only", "\0\0"], ["too long", "x".repeat(501)]])("a reason that is %s is refused next to the field", async (_n, reason) => {
    const { coord, alunoId } = await finished();
    const err = await cancelRematricula(coord, alunoId, reason).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION", fields: { reason: expect.any(String) } });
    expect((await rematriculas(alunoId))[0].status).toBe("concluida");
  });

  test("nothing to cancel, another school's student, a malformed id", async () => {
    const s = await makeSchool(t.db);
    const coord = await makeStaff(t.db, s.tenantId, ["coordenador"]);
    const pending = await makeAluno(t.db, s.tenantId, { nome: "Aluno Sem Rematrícula" });
    await expect(cancelRematricula(coord, pending, "Motivo")).rejects.toMatchObject({ code: "CONFLICT" });
    const { alunoId: foreign } = await finished();
    await expect(cancelRematricula(coord, foreign, "Motivo")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cancelRematricula(coord, "not-a-uuid", "Motivo")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await rematriculas(foreign))[0].status).toBe("concluida");
  });

  test("re-opening goes through the check again: a student who became delinquent in between is blocked", async () => {
    const { s, coord, alunoId } = await finished();
    await cancelRematricula(coord, alunoId, "Revisão de contrato");
    const nome = (await q<{ nome: string }>(t.db, sql`select nome from alunos where id = ${alunoId}`))[0].nome;
    await makeInadimplente(t.db, s.tenantId, { studentName: nome });
    await expect(finalizeRematricula(s, alunoId)).rejects.toMatchObject({ code: "INADIMPLENCIA_BLOQUEADA" });
    expect((await rematriculas(alunoId))[0].status).toBe("cancelada");
    expect(await events(alunoId)).toEqual([{ kind: "blocked" }]);
  });

  test("re-opening a student still in good standing: the same row is done again, the cancel kept on record", async () => {
    const { s, coord, alunoId, rematriculaId } = await finished();
    await cancelRematricula(coord, alunoId, "Engano");
    const r = await finalizeRematricula(s, alunoId);
    expect(r).toEqual({ rematriculaId, alreadyDone: false, wouldHaveBlocked: false });
    expect(await rematriculas(alunoId)).toEqual([
      { id: rematriculaId, status: "concluida", cancel_reason: "Engano", cancelled_by: coord.userId },
    ]);
    expect(await finalizeRematricula(s, alunoId)).toMatchObject({ alreadyDone: true });
  });

  test("with enforcement off a re-open of a delinquent student passes and leaves a would-block event", async () => {
    const s = await makeSchool(t.db, { enforcementServerEnabled: false });
    const coord = await makeStaff(t.db, s.tenantId, ["coordenador"]);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Aluno Reaberto Devedor" });
    await finalizeRematricula(s, alunoId);
    await cancelRematricula(coord, alunoId, "Revisão");
    await makeInadimplente(t.db, s.tenantId, { studentName: "Aluno Reaberto Devedor" });
    expect(await finalizeRematricula(s, alunoId)).toMatchObject({ alreadyDone: false, wouldHaveBlocked: true });
    expect(await events(alunoId)).toEqual([{ kind: "would_block" }]);
  });
});

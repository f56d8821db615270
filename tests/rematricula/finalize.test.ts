import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { AppError } from "@/lib/errors";
import { FLAG_KEYS, getFlags } from "@/lib/inadimplencia/flags";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff, setFlag } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const rematriculas = async (alunoId: string) => rowsOf<{ id: string; ano_letivo: number; serie_destino: string | null; finalized_by: string }>(
  await t.db.execute(sql`select id, ano_letivo, serie_destino, finalized_by from rematriculas where aluno_id = ${alunoId}`));
const events = async (alunoId: string) => rowsOf<{ kind: string; actor: string; codigo_inadim: string | null; meses_inadim: number | null }>(
  await t.db.execute(sql`select kind, actor, codigo_inadim, meses_inadim from rematricula_events where aluno_id = ${alunoId}`));

async function delinquentStudent(flags: Parameters<typeof makeSchool>[1]) {
  const s = await makeSchool(t.db, flags);
  const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Sofia Mendonça", serie: "9º ano", anoLetivo: 2026 });
  await makeInadimplente(t.db, s.tenantId, { studentName: "SOFIA MENDONCA", meses: 5, codigo: "00731" });
  return { s, alunoId };
}

describe("the delinquency block, called directly (no interface in front)", () => {
  test("enforcement on: refused with the tenant's banner, nothing finalized, the attempt recorded", async () => {
    const { s, alunoId } = await delinquentStudent({ enforcementServerEnabled: true, bannerMessage: "Procure a Tesouraria." });
    const err = await finalizeRematricula(s, alunoId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "INADIMPLENCIA_BLOQUEADA", message: "Procure a Tesouraria." });
    expect(await rematriculas(alunoId)).toEqual([]);
    expect(await events(alunoId)).toEqual([{ kind: "blocked", actor: s.userId, codigo_inadim: "00731", meses_inadim: 5 }]);
  });

  test("enforcement off: let through, with one 'would_block' event", async () => {
    const { s, alunoId } = await delinquentStudent({ enforcementServerEnabled: false });
    const r = await finalizeRematricula(s, alunoId);
    expect(r).toMatchObject({ alreadyDone: false, wouldHaveBlocked: true });
    expect(await rematriculas(alunoId)).toEqual([
      { id: r.rematriculaId, ano_letivo: 2027, serie_destino: "1ª série EM", finalized_by: s.userId },
    ]);
    expect(await events(alunoId)).toEqual([{ kind: "would_block", actor: s.userId, codigo_inadim: "00731", meses_inadim: 5 }]);
  });

  test("check disabled: let through with no event, even with enforcement on", async () => {
    const { s, alunoId } = await delinquentStudent({ enabled: false, enforcementServerEnabled: true });
    const r = await finalizeRematricula(s, alunoId);
    expect(r).toMatchObject({ alreadyDone: false, wouldHaveBlocked: false });
    expect(await rematriculas(alunoId)).toHaveLength(1);
    expect(await events(alunoId)).toEqual([]);
  });

  test("enforcement is read fresh, never from the per-process flag cache", async () => {
    const { s, alunoId } = await delinquentStudent({ enforcementServerEnabled: false });
    expect((await getFlags(s)).enforcementServerEnabled).toBe(false); // now cached for 5 minutes
    await setFlag(t.db, s.tenantId, FLAG_KEYS.enforcementServerEnabled, true);
    await expect(finalizeRematricula(s, alunoId)).rejects.toMatchObject({ code: "INADIMPLENCIA_BLOQUEADA" });
    expect(await rematriculas(alunoId)).toEqual([]);
  });
});

describe("idempotence", () => {
  test("a second call returns the same rematrícula as already done", async () => {
    const s = await makeSchool(t.db);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Theo Barros", serie: "3ª série EM" });
    const first = await finalizeRematricula(s, alunoId);
    const second = await finalizeRematricula(s, alunoId);
    expect(first).toMatchObject({ alreadyDone: false, wouldHaveBlocked: false });
    expect(second).toStrictEqual({ rematriculaId: first.rematriculaId, alreadyDone: true, wouldHaveBlocked: false });
    expect(await rematriculas(alunoId)).toEqual([
      { id: first.rematriculaId, ano_letivo: 2027, serie_destino: "Concluinte", finalized_by: s.userId },
    ]);
  });

  test("a finalized student listed afterwards is not re-checked nor blocked", async () => {
    const s = await makeSchool(t.db, { enforcementServerEnabled: true });
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Lara Campos" });
    const first = await finalizeRematricula(s, alunoId);
    await makeInadimplente(t.db, s.tenantId, { studentName: "Lara Campos" });
    expect(await finalizeRematricula(s, alunoId)).toStrictEqual({ rematriculaId: first.rematriculaId, alreadyDone: true, wouldHaveBlocked: false });
    expect(await events(alunoId)).toEqual([]);
  });

  test("10 concurrent calls for one student: one rematrícula, no error", async () => {
    const { s, alunoId } = await delinquentStudent({ enforcementServerEnabled: false });
    const results = await Promise.all(Array.from({ length: 10 }, () => finalizeRematricula(s, alunoId)));
    const rows = await rematriculas(alunoId);
    expect(rows).toHaveLength(1);
    expect(results.every((r) => r.rematriculaId === rows[0].id)).toBe(true);
    expect(results.filter((r) => !r.alreadyDone)).toHaveLength(1);
    // Only the call that re-enrolled was an attempt the block would have stopped.
    expect(await events(alunoId)).toHaveLength(1);
  });

  test("the rematrícula is for the year after the school's, whatever the student's record says", async () => {
    const s = await makeSchool(t.db);
    await setFlag(t.db, s.tenantId, "escola.ano_letivo", 2031);
    const semAno = await makeAluno(t.db, s.tenantId, { nome: "Noah Reis", anoLetivo: null, serie: "Jardim II" });
    const anoAntigo = await makeAluno(t.db, s.tenantId, { nome: "Lia Reis", anoLetivo: 2019, serie: "Jardim I" });
    await finalizeRematricula(s, semAno);
    await finalizeRematricula(s, anoAntigo);
    expect(await rematriculas(semAno)).toMatchObject([{ ano_letivo: 2032, serie_destino: "1º ano" }]);
    expect(await rematriculas(anoAntigo)).toMatchObject([{ ano_letivo: 2032, serie_destino: "Jardim II" }]);
  });
});

describe("who and which student", () => {
  test("a finance-only session is refused FORBIDDEN, and nothing is written", async () => {
    const s = await makeSchool(t.db);
    const financeiro = await makeStaff(t.db, s.tenantId, ["financeiro"]);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Bento Ramos" });
    await expect(finalizeRematricula(financeiro, alunoId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rematriculas(alunoId)).toEqual([]);
  });

  test("another tenant's student is NOT_FOUND, and nothing is written", async () => {
    const a = await makeSchool(t.db);
    const b = await makeSchool(t.db);
    const alunoB = await makeAluno(t.db, b.tenantId, { nome: "Aluno de Outra Escola" });
    await expect(finalizeRematricula(a, alunoB)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Aluno não encontrado." });
    expect(await rematriculas(alunoB)).toEqual([]);
  });

  test("a malformed id is NOT_FOUND, not a database error", async () => {
    const s = await makeSchool(t.db);
    await expect(finalizeRematricula(s, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

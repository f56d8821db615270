import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import {
  ACTIVE_KEY_TAKEN, createInadimplente, getInadimplente, restoreInadimplente, softDeleteInadimplente, updateInadimplente,
} from "@/lib/inadimplencia/admin";
import { getHistory } from "@/lib/inadimplencia/history";
import { AppError } from "@/lib/errors";
import { q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { checkOneOf } from "../inadimplencia/support";
import { auditOf, input, makeFinanceSchool, snapshot } from "./support";
import type { TenantSession } from "@/lib/auth/permissions";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

async function rejection(work: Promise<unknown>): Promise<AppError> {
  const e = await work.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("create", () => {
  test("the same name in other case and accents updates the active row instead of duplicating it", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const first = await createInadimplente(fin, input({ studentName: "João Conceição", guardian1Name: "Márcia", studentEscola: "Centro", mesesInadim: "2" }));
    expect(first.created).toBe(true);
    const again = await createInadimplente(fin, input({ studentName: "  JOAO   conceicao ", guardian1Name: "MARCIA", studentEscola: "centro", mesesInadim: "5", codigoInadim: "77" }));
    expect(again).toStrictEqual({ id: first.id, created: false });
    const rows = await q<{ meses_inadim: number; codigo_inadim: string }>(t.db,
      sql`select meses_inadim, codigo_inadim from inadimplentes where tenant_id = ${fin.tenantId}`);
    expect(rows).toEqual([{ meses_inadim: 5, codigo_inadim: "77" }]);
    expect((await auditOf(t.db, first.id)).map((a) => a.action)).toStrictEqual(["insert", "update"]);
    // Blank code and months in a later create keep what the row already had.
    await createInadimplente(fin, input({ studentName: "João Conceição", guardian1Name: "Marcia", studentEscola: "Centro", mesesInadim: "" }));
    expect(await q(t.db, sql`select meses_inadim, codigo_inadim, guardian1_name from inadimplentes where tenant_id = ${fin.tenantId}`))
      .toEqual([{ meses_inadim: 5, codigo_inadim: "77", guardian1_name: "Marcia" }]);
  });

  test("another guardian or school is another key: a new row", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const a = await createInadimplente(fin, input({ studentName: "Ana Lima", studentEscola: "Centro" }));
    const b = await createInadimplente(fin, input({ studentName: "Ana Lima", studentEscola: "Norte" }));
    expect(b.id).not.toBe(a.id);
  });
});

describe("soft delete and restore", () => {
  test("soft delete clears the check, restore brings it back, each audited with actor and snapshots", async () => {
    const { fin, sec } = await makeFinanceSchool(t.db);
    const aluno = await makeAluno(t.db, fin.tenantId, { nome: "Lívia Prado" });
    const { id } = await createInadimplente(fin, input({ studentName: "Livia Prado", mesesInadim: "4" }));
    expect((await checkOneOf(sec, aluno))?.isInadimplente).toBe(true);

    await softDeleteInadimplente(fin, id, "Pagou à vista");
    expect((await checkOneOf(sec, aluno))?.isInadimplente).toBe(false);
    const deleted = await getInadimplente(fin, id);
    expect(deleted).toMatchObject({ isActive: false, deletedReason: "Pagou à vista", deletedBy: "Equipe Teste" });
    expect(deleted.deletedAt).not.toBeNull();

    await restoreInadimplente(fin, id);
    expect(await checkOneOf(sec, aluno)).toStrictEqual({ isInadimplente: true, mesesInadim: 4, codigoInadim: null });

    const audit = await auditOf(t.db, id);
    expect(audit.map((a) => a.action)).toStrictEqual(["insert", "soft_delete", "restore"]);
    for (const a of audit) expect(a.actor).toBe(fin.userId);
    expect(audit[0].before).toBeNull();
    expect(audit[1].before).toMatchObject({ is_active: true });
    expect(audit[1].after).toMatchObject({ is_active: false, deleted_reason: "Pagou à vista", deleted_by: fin.userId });
    expect(audit[2].after).toMatchObject({ is_active: true, deleted_reason: null });
  });

  test("an empty reason is refused and nothing changes", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const { id } = await createInadimplente(fin, input({ studentName: "Caio Reis" }));
    expect((await rejection(softDeleteInadimplente(fin, id, "   "))).code).toBe("VALIDATION");
    expect((await getInadimplente(fin, id)).isActive).toBe(true);
  });

  test("restore is refused with a clear message when an active row holds the same key", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const { id: old } = await createInadimplente(fin, input({ studentName: "Rui Barbosa" }));
    await softDeleteInadimplente(fin, old, "Acordo");
    const { id: current } = await createInadimplente(fin, input({ studentName: "RUI BARBOSA" }));
    expect(current).not.toBe(old);
    const e = await rejection(restoreInadimplente(fin, old));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe(ACTIVE_KEY_TAKEN);
    expect(e.message).toMatch(/^Já existe um registro ativo para este aluno/);
    expect((await getInadimplente(fin, old)).isActive).toBe(false);
    expect((await auditOf(t.db, old)).map((a) => a.action)).toStrictEqual(["insert", "soft_delete"]);
  });

  test("deleting twice or restoring an active row says so", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const { id } = await createInadimplente(fin, input({ studentName: "Téo Nunes" }));
    expect((await rejection(restoreInadimplente(fin, id))).code).toBe("CONFLICT");
    await softDeleteInadimplente(fin, id, "x");
    expect((await rejection(softDeleteInadimplente(fin, id, "y"))).code).toBe("CONFLICT");
  });
});

describe("edit", () => {
  test("an edit is audited with before and after", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const { id } = await createInadimplente(fin, input({ studentName: "Nina Sá", mesesInadim: "1" }));
    await updateInadimplente(fin, id, input({ studentName: "Nina Sá", mesesInadim: "9", guardian1Name: "Rosa Sá" }));
    const audit = await auditOf(t.db, id);
    expect(audit.at(-1)).toMatchObject({ action: "update", actor: fin.userId,
      before: { meses_inadim: 1, guardian1_name: null }, after: { meses_inadim: 9, guardian1_name: "Rosa Sá" } });
    const [latest] = await getHistory(fin, id);
    expect(latest).toMatchObject({ actionLabel: "Alteração", actor: "Equipe Teste" });
    expect(latest.changes).toStrictEqual([
      { field: "guardian1_name", label: "Responsável", before: null, after: "Rosa Sá" },
      { field: "meses_inadim", label: "Meses em atraso", before: "1", after: "9" },
    ]);
  });

  test("an edit that collides with another active row is refused with a message on the name field", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    await createInadimplente(fin, input({ studentName: "Bruno Dias" }));
    const { id } = await createInadimplente(fin, input({ studentName: "Bruna Dias" }));
    const e = await rejection(updateInadimplente(fin, id, input({ studentName: "bruno dias" })));
    expect(e.code).toBe("CONFLICT");
    expect(e.fields?.studentName).toBe(ACTIVE_KEY_TAKEN);
    expect((await getInadimplente(fin, id)).studentName).toBe("Bruna Dias");
  });

  test("history is newest first and names the action in Portuguese", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const { id } = await createInadimplente(fin, input({ studentName: "Iara Melo" }));
    await softDeleteInadimplente(fin, id, "Quitado");
    const h = await getHistory(fin, id);
    expect(h.map((e) => e.actionLabel)).toStrictEqual(["Exclusão", "Criação"]);
    expect(h[0].changes).toContainEqual({ field: "deleted_reason", label: "Motivo da exclusão", before: null, after: "Quitado" });
    expect(h[1].changes).toContainEqual({ field: "student_name", label: "Aluno", before: null, after: "Iara Melo" });
  });
});

describe("input", () => {
  test("the form's rules: required name, lengths, months 0..600, NUL removed", async () => {
    const bad = await rejection(Promise.resolve().then(() => input({ studentName: " ", codigoInadim: "x".repeat(51), mesesInadim: "601", guardian1Name: "g".repeat(201) })));
    expect(bad.code).toBe("VALIDATION");
    expect(Object.keys(bad.fields ?? {}).sort()).toStrictEqual(["codigoInadim", "guardian1Name", "mesesInadim", "studentName"]);
    for (const m of ["-1", "2.5", "abc", "1e3"]) {
      expect((await rejection(Promise.resolve().then(() => input({ studentName: "A", mesesInadim: m })))).fields).toHaveProperty("mesesInadim");
    }
    expect(input({ studentName: "Jo\0ão", mesesInadim: "0", studentEscola: "  " })).toStrictEqual({
      studentName: "João", guardian1Name: null, studentEscola: null, codigoInadim: null, mesesInadim: 0, codigoAluno: null,
    });
    const code = await rejection(Promise.resolve().then(() => input({ studentName: "A", codigoAluno: "12 34" })));
    expect(code.fields).toStrictEqual({
      codigoAluno: "Use na matrícula letras sem acento e números (e ponto, hífen ou barra entre eles).",
    });
  });
});

// A row added by hand with the student's code is linked to that student, as a
// file's code column links it: it blocks that student and not a homonym.
describe("create with the student's code", () => {
  async function homonyms(fin: TenantSession) {
    const first = await makeAluno(t.db, fin.tenantId, { nome: "Maria Eduarda Silva", matricula: "M-1" });
    const second = await makeAluno(t.db, fin.tenantId, { nome: "Maria Eduarda Silva", matricula: "M-2" });
    return { first, second };
  }

  test("the code links the row: only that homonym is blocked, and the audit's insert carries the link", async () => {
    const { fin, sec } = await makeFinanceSchool(t.db);
    const { first, second } = await homonyms(fin);
    const { id } = await createInadimplente(fin, input({ studentName: "Maria Eduarda Silva", codigoAluno: " m-2 " }));
    expect(await q(t.db, sql`select aluno_id, codigo_aluno from inadimplentes where id = ${id}`))
      .toEqual([{ aluno_id: second, codigo_aluno: "M-2" }]);
    expect((await checkOneOf(sec, second))?.isInadimplente).toBe(true);
    expect((await checkOneOf(sec, first))?.isInadimplente).toBe(false);
    const [audit] = await auditOf(t.db, id);
    expect([audit.action, audit.actor, audit.after?.aluno_id]).toEqual(["insert", fin.userId, second]);
  });

  test("a row of that name and code already on the list is updated, not doubled", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const { second } = await homonyms(fin);
    const existing = await makeInadimplente(t.db, fin.tenantId, {
      studentName: "Maria Eduarda Silva", codigoAluno: "M-2", alunoId: second, meses: 2,
    });
    const again = await createInadimplente(fin, input({ studentName: "Maria Eduarda Silva", codigoAluno: "M-2", mesesInadim: "5" }));
    expect(again).toStrictEqual({ id: existing, created: false });
    expect(await q(t.db, sql`select aluno_id, meses_inadim from inadimplentes where tenant_id = ${fin.tenantId}`))
      .toEqual([{ aluno_id: second, meses_inadim: 5 }]);
  });

  test("a code no student of this school has (or another school's) is refused on its field, and nothing is written", async () => {
    const { fin } = await makeFinanceSchool(t.db);
    const other = await makeFinanceSchool(t.db);
    await makeAluno(t.db, other.fin.tenantId, { nome: "Maria Eduarda Silva", matricula: "X-9" });
    const before = await snapshot(t.db);
    for (const code of ["X-9", "NINGUEM"]) {
      const e = await rejection(createInadimplente(fin, input({ studentName: "Maria Eduarda Silva", codigoAluno: code })));
      expect([e.code, e.fields]).toStrictEqual(["VALIDATION", { codigoAluno: `Nenhum aluno com a matrícula ${code} nesta escola.` }]);
    }
    expect(await snapshot(t.db)).toEqual(before);
  });
});

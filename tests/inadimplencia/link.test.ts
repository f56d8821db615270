import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getHistory } from "@/lib/inadimplencia/history";
import { searchAlunos } from "@/lib/inadimplencia/liberacoes";
import { linkInadimplente, studentsMatchedBy, unlinkInadimplente } from "@/lib/inadimplencia/link";
import { listCampaign } from "@/lib/rematricula/campaign";
import { EMPTY_QUERY } from "@/lib/rematricula/campaign-query";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { getAlunoDetail } from "@/lib/rematricula/students";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";
import { checkOneOf, makeSchool } from "./support";

// Issue 16: a list row linked to a student blocks that student and nobody else,
// everywhere the block is decided (home, detail, finalize, the database guard),
// because all of them go through check_inadimplencia_in and its one rule.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const HOMONYM = "Maria Eduarda Silva";

async function homonyms(link: boolean) {
  const s = await makeSchool(t.db, { enforcementServerEnabled: true });
  const owes = await makeAluno(t.db, s.tenantId, { nome: HOMONYM, matricula: "000101" });
  const paid = await makeAluno(t.db, s.tenantId, { nome: HOMONYM, matricula: "000102" });
  const row = await makeInadimplente(t.db, s.tenantId, {
    studentName: "MARIA EDUARDA SILVA", meses: 4, codigo: "T-9", alunoId: link ? owes : null, codigoAluno: link ? "000101" : null,
  });
  return { s, owes, paid, row };
}

async function situacoes(s: TenantSession): Promise<Record<string, string>> {
  const page = await listCampaign(s, EMPTY_QUERY);
  return Object.fromEntries(page.rows.map((r) => [r.id, r.situacao]));
}

const insertRematricula = (s: TenantSession, alunoId: string) => withTenant(s, (tx) => tx.execute(sql`
  insert into rematriculas (tenant_id, aluno_id, ano_letivo) values (${s.tenantId}, ${alunoId}, 2027)`));

const audit = (row: string) => q<{ action: string; actor: string | null; before_aluno: string | null; after_aluno: string | null }>(t.db,
  sql`select action, actor, before ->> 'aluno_id' as before_aluno, after ->> 'aluno_id' as after_aluno
    from inadimplentes_audit where inadimplente_id = ${row} order by id`);

describe("two students with the same name, one linked row", () => {
  test("only the linked student is blocked on the home and on the detail", async () => {
    const { s, owes, paid } = await homonyms(true);
    expect(await situacoes(s)).toEqual({ [owes]: "bloqueado", [paid]: "pendente" });
    expect((await getAlunoDetail(s, owes)).check).toEqual({ isInadimplente: true, mesesInadim: 4, codigoInadim: "T-9" });
    expect((await getAlunoDetail(s, paid)).check.isInadimplente).toBe(false);
  });

  test("finalize refuses the linked student and lets the homonym through", async () => {
    const { s, owes, paid } = await homonyms(true);
    const err = await finalizeRematricula(s, owes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "INADIMPLENCIA_BLOQUEADA" });
    await expect(finalizeRematricula(s, paid)).resolves.toMatchObject({ alreadyDone: false });
  });

  test("the database guard refuses the linked student only", async () => {
    const { s, owes, paid } = await homonyms(true);
    await expectPgError(insertRematricula(s, owes), "RM001");
    await insertRematricula(s, paid);
    expect(await q(t.db, sql`select aluno_id from rematriculas where tenant_id = ${s.tenantId}`)).toEqual([{ aluno_id: paid }]);
  });

  test("an unlinked row still blocks every student with the name, as before", async () => {
    const { s, owes, paid } = await homonyms(false);
    expect(await situacoes(s)).toEqual({ [owes]: "bloqueado", [paid]: "bloqueado" });
    await expectPgError(insertRematricula(s, paid), "RM001");
  });

  test("the block follows a renamed student, and the old name blocks nobody", async () => {
    const { s, owes, paid } = await homonyms(true);
    await t.db.execute(sql`update alunos set nome = 'Maria Eduarda Silva Prado' where id = ${owes}`);
    expect((await checkOneOf(s, owes))?.isInadimplente).toBe(true);
    expect((await checkOneOf(s, paid))?.isInadimplente).toBe(false);
    await expectPgError(insertRematricula(s, owes), "RM001");
  });

  test("a linked row whose name was typed wrong still blocks its student", async () => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Heitor Nascimento" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Heitor Nasimento", alunoId: aluno });
    expect((await checkOneOf(s, aluno))?.isInadimplente).toBe(true);
  });
});

describe("linking by hand", () => {
  async function financeSchool() {
    const { s, owes, paid, row } = await homonyms(false);
    const fin = await makeStaff(t.db, s.tenantId, ["financeiro"], "Fátima Financeiro");
    return { s, fin, owes, paid, row };
  }

  test("link, change and remove, each audited with its actor and the student before and after", async () => {
    const { s, fin, owes, paid, row } = await financeSchool();
    await linkInadimplente(fin, row, owes);
    expect(await situacoes(s)).toEqual({ [owes]: "bloqueado", [paid]: "pendente" });
    await linkInadimplente(fin, row, paid);
    expect(await situacoes(s)).toEqual({ [owes]: "pendente", [paid]: "bloqueado" });
    await unlinkInadimplente(fin, row);
    expect(await situacoes(s)).toEqual({ [owes]: "bloqueado", [paid]: "bloqueado" });
    expect((await audit(row)).slice(1)).toEqual([
      { action: "link", actor: fin.userId, before_aluno: null, after_aluno: owes },
      { action: "link", actor: fin.userId, before_aluno: owes, after_aluno: paid },
      { action: "unlink", actor: fin.userId, before_aluno: paid, after_aluno: null },
    ]);
    const history = await getHistory(fin, row);
    expect(history[0]).toMatchObject({ actionLabel: "Vínculo removido", changes: [
      { field: "aluno_id", label: "Aluno vinculado", before: `${HOMONYM} (000102)`, after: null }] });
    expect(history[1].actionLabel).toBe("Vínculo com aluno");
  });

  test("the row's page lists the students it blocks by the check's rule", async () => {
    const { fin, owes, paid, row } = await financeSchool();
    expect((await studentsMatchedBy(fin, row)).map((a) => a.id).sort()).toEqual([owes, paid].sort());
    await linkInadimplente(fin, row, paid);
    expect((await studentsMatchedBy(fin, row)).map((a) => a.id)).toEqual([paid]);
  });

  test("the student picker finds by name and by matrícula, and nothing for junk", async () => {
    const { fin, owes, paid } = await financeSchool();
    expect((await searchAlunos(fin, "maria eduarda")).map((a) => a.id).sort()).toEqual([owes, paid].sort());
    expect((await searchAlunos(fin, "000102")).map((a) => a.id)).toEqual([paid]);
    expect(await searchAlunos(fin, "\0")).toEqual([]);
    expect(await searchAlunos(fin, "x".repeat(5000))).toEqual([]);
    expect(await searchAlunos(fin, "%")).toEqual([]);
  });

  test("bad input gets a Portuguese message and changes nothing", async () => {
    const { s, fin, row } = await financeSchool();
    const other = await makeSchool(t.db);
    const stranger = await makeAluno(t.db, other.tenantId, { nome: HOMONYM });
    const refusal = (work: Promise<unknown>) => work.then(() => undefined, (e: unknown) => e);
    expect(await refusal(linkInadimplente(fin, row, "não-é-um-id"))).toMatchObject({
      code: "VALIDATION", message: "Aluno não encontrado nesta escola." });
    expect(await refusal(linkInadimplente(fin, row, stranger))).toMatchObject({ code: "VALIDATION" });
    expect(await refusal(linkInadimplente(fin, "%00", stranger))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(unlinkInadimplente(fin, row))).toMatchObject({
      code: "CONFLICT", message: "Este registro não está vinculado a nenhum aluno." });
    // Another school's row is simply not found.
    const otherRow = await makeInadimplente(t.db, other.tenantId, { studentName: HOMONYM });
    expect(await refusal(linkInadimplente(fin, otherRow, stranger))).toMatchObject({ code: "NOT_FOUND" });
    expect(await q(t.db, sql`select aluno_id from inadimplentes where tenant_id in (${s.tenantId}, ${other.tenantId})`))
      .toEqual([{ aluno_id: null }, { aluno_id: null }]);
    expect(await audit(row)).toHaveLength(1);
  });

  test("a role that may not write the list may not link, in the code or in the database", async () => {
    const { s, owes, row } = await financeSchool();
    const secretaria = await makeStaff(t.db, s.tenantId, ["secretaria"]);
    await expect(linkInadimplente(secretaria, row, owes)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const touched = await withTenant(secretaria, (tx) => q(tx, sql`update inadimplentes set aluno_id = ${owes} returning id`));
    expect(touched).toEqual([]);
    expect(await q(t.db, sql`select aluno_id from inadimplentes where id = ${row}`)).toEqual([{ aluno_id: null }]);
  });
});

describe("the database keeps a link inside its school", () => {
  test("a row cannot point at another school's student, not even from the owner's connection", async () => {
    const a = await makeSchool(t.db);
    const b = await makeSchool(t.db);
    const theirs = await makeAluno(t.db, b.tenantId, { nome: "Caio Prado" });
    const row = await makeInadimplente(t.db, a.tenantId, { studentName: "Caio Prado" });
    await expectPgError(t.db.execute(sql`update inadimplentes set aluno_id = ${theirs} where id = ${row}`), "23503");
    await expectPgError(makeInadimplente(t.db, a.tenantId, { studentName: "Caio Prado Filho", alunoId: theirs }), "23503");
    const fin = await makeStaff(t.db, a.tenantId, ["financeiro"]);
    await expectPgError(withTenant(fin, (tx) => tx.execute(sql`update inadimplentes set aluno_id = ${theirs} where id = ${row}`)), "23503");
  });
});

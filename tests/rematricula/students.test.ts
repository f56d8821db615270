import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { listCampaign } from "@/lib/rematricula/campaign";
import { EMPTY_QUERY } from "@/lib/rematricula/campaign-query";
import { getAlunoDetail } from "@/lib/rematricula/students";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeRematricula, makeStaff, setFlag } from "../helpers/fixtures";
import { withTenant } from "@/db/tenant";
import { sql } from "drizzle-orm";
import { q } from "../foundation/support";
import { FLAG_KEYS } from "@/lib/inadimplencia/flags";
import { workStatementsOf } from "../inadimplencia/query-log";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const names = (rows: { nome: string }[]) => rows.map((r) => r.nome);

/** The campaign list with only a search and a page, 20 a page. */
const searchAlunos = (s: TenantSession, { q = "", page = 1, pageSize = 20 }: { q?: string; page?: number; pageSize?: number }) =>
  listCampaign(s, { ...EMPTY_QUERY, q, page }, pageSize);

describe("the campaign list's search", () => {
  let s: TenantSession;
  beforeAll(async () => {
    s = await makeSchool(t.db);
    await makeAluno(t.db, s.tenantId, { nome: "Zé Carlos Pinto", responsavelNome: "Maria da Conceição" });
    await makeAluno(t.db, s.tenantId, { nome: "Álvaro Dias", responsavelNome: "Rui Dias" });
    await makeAluno(t.db, s.tenantId, { nome: "Beatriz D’Ávila", responsavelNome: null });
    await makeAluno(t.db, s.tenantId, { nome: "João Pedro Araújo", responsavelNome: "Ana Araújo" });
    const other = await makeSchool(t.db);
    await makeAluno(t.db, other.tenantId, { nome: "João Pedro de Outra Escola" });
  });

  test("lists the tenant's students only, alphabetically regardless of accents", async () => {
    const page = await searchAlunos(s, {});
    expect(names(page.rows)).toEqual(["Álvaro Dias", "Beatriz D’Ávila", "João Pedro Araújo", "Zé Carlos Pinto"]);
    expect(page).toMatchObject({ total: 4, page: 1, pageCount: 1 });
  });

  test.each([
    ["JOAO pedro", ["João Pedro Araújo"]],
    ["d'avila", ["Beatriz D’Ávila"]],
    ["  araujo ", ["João Pedro Araújo"]],
    ["conceicao", ["Zé Carlos Pinto"]], // the guardian's name
    ["dias", ["Álvaro Dias"]], // student and guardian both match: listed once
    ["outra escola", []],
  ])("q=%j finds %j", async (q, expected) => {
    expect(names((await searchAlunos(s, { q })).rows)).toEqual(expected);
  });

  test.each(["%", "_", "a_a"])("LIKE wildcards typed by a user match only themselves (q=%j)", async (q) => {
    expect((await searchAlunos(s, { q })).rows).toEqual([]);
  });

  test("each row carries its class and its situação: next year's rematrícula, the check", async () => {
    const school = await makeSchool(t.db);
    const done = await makeAluno(t.db, school.tenantId, {
      nome: "Aluno Rematriculado", matricula: "00731", serie: "2º ano", turma: "B", unidade: "Norte",
    });
    const old = await makeAluno(t.db, school.tenantId, { nome: "Aluno Antigo" });
    const listed = await makeAluno(t.db, school.tenantId, { nome: "Aluno Devedor" });
    await finalizeRematricula(school, done);
    await makeRematricula(t.db, school.tenantId, old, 2026); // this year's, not next year's
    await makeInadimplente(t.db, school.tenantId, { studentName: "Aluno Devedor", meses: 4, codigo: "X9" });
    const byId = new Map((await searchAlunos(school, {})).rows.map((r) => [r.id, r]));
    expect(byId.get(done)).toStrictEqual({
      id: done, matricula: "00731", nome: "Aluno Rematriculado", responsavelNome: null, serie: "2º ano", turma: "B", unidade: "Norte",
      status: "ativo", situacao: "rematriculado", cancelada: false,
    });
    expect(byId.get(old)?.situacao).toBe("pendente");
    expect(byId.get(listed)?.situacao).toBe("bloqueado");
  });

  test("a finance-only session is refused", async () => {
    const financeiro = await makeStaff(t.db, s.tenantId, ["financeiro"]);
    await expect(searchAlunos(financeiro, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("pagination", () => {
  let s: TenantSession;
  beforeAll(async () => {
    s = await makeSchool(t.db);
    for (let i = 1; i <= 45; i++) await makeAluno(t.db, s.tenantId, { nome: `Aluno ${String(i).padStart(2, "0")}` });
  });

  test("pages of 20: 20, 20, 5", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => searchAlunos(s, { page })));
    expect(pages.map((p) => p.rows.length)).toEqual([20, 20, 5]);
    expect(pages.map((p) => [p.total, p.page, p.pageCount])).toEqual([[45, 1, 3], [45, 2, 3], [45, 3, 3]]);
    expect(pages[2].rows.map((r) => r.nome)).toEqual(["Aluno 41", "Aluno 42", "Aluno 43", "Aluno 44", "Aluno 45"]);
  });

  test("a page past the end shows the last page; a page below 1 shows the first", async () => {
    const late = await searchAlunos(s, { page: 9 });
    expect([late.page, late.rows[0]?.nome, late.rows.length]).toEqual([3, "Aluno 41", 5]);
    const early = await searchAlunos(s, { page: -2, pageSize: 10 });
    expect([early.page, early.pageCount, early.rows[0]?.nome]).toEqual([1, 5, "Aluno 01"]);
  });

  test("no match: an empty first page", async () => {
    expect(await searchAlunos(s, { q: "ninguém" })).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });
  });

  test("a page costs two statements: the filter options, then the check, the counts and the page", async () => {
    const { result: page, work } = await workStatementsOf(t, () => searchAlunos(s, { page: 1 }));
    expect(page.rows).toHaveLength(20);
    expect(work).toHaveLength(2);
    expect(work[1]).toMatch(/check_inadimplencia/);
  });
});

describe("getAlunoDetail", () => {
  test("student, guardian, current and proposed class, rematrícula, fresh check and banner", async () => {
    const s = await makeSchool(t.db, { bannerMessage: "Favor procurar a Tesouraria." });
    const alunoId = await makeAluno(t.db, s.tenantId, {
      nome: "Marina Sena", responsavelNome: "Paula Sena", serie: "9º ano", turma: "A", unidade: "Centro",
    });
    const before = await getAlunoDetail(s, alunoId);
    expect(before).toStrictEqual({
      aluno: { id: alunoId, matricula: null, nome: "Marina Sena", dataNascimento: null, status: "ativo" },
      responsavel: { nome: "Paula Sena", telefone: null },
      turmaAtual: { unidade: "Centro", serie: "9º ano", turma: "A", anoLetivo: 2026 },
      turmaProposta: { anoLetivo: 2027, serie: "1ª série EM" },
      rematricula: null,
      check: { isInadimplente: false, mesesInadim: null, codigoInadim: null },
      liberadoAte: null,
      bannerMessage: "Favor procurar a Tesouraria.",
    });
    // Listed after the first render: the next render knows (no cache in front of the check).
    await makeInadimplente(t.db, s.tenantId, { studentName: "Marina Sena", meses: 2, codigo: "M2" });
    expect((await getAlunoDetail(s, alunoId)).check).toStrictEqual({ isInadimplente: true, mesesInadim: 2, codigoInadim: "M2" });
  });

  test("shows the rematrícula once finalized", async () => {
    const s = await makeSchool(t.db);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Caetano Veloso" });
    const { rematriculaId } = await finalizeRematricula(s, alunoId);
    expect((await getAlunoDetail(s, alunoId)).rematricula).toMatchObject({ id: rematriculaId, anoLetivo: 2027, serieDestino: "6º ano" });
  });

  test("another tenant's student, or a malformed id, is NOT_FOUND", async () => {
    const a = await makeSchool(t.db);
    const b = await makeSchool(t.db);
    const alunoB = await makeAluno(t.db, b.tenantId, { nome: "Gal Costa" });
    await expect(getAlunoDetail(a, alunoB)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Aluno não encontrado." });
    await expect(getAlunoDetail(a, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("a finance-only session is refused", async () => {
    const s = await makeSchool(t.db);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Elis Regina" });
    const financeiro = await makeStaff(t.db, s.tenantId, ["financeiro"]);
    await expect(getAlunoDetail(financeiro, alunoId)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("after a liberação the page says until when the student is free, only while the liberação is what frees them", async () => {
    const s = await makeSchool(t.db);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Nara Leão" });
    expect((await getAlunoDetail(s, alunoId)).liberadoAte).toBeNull();
    // A liberação alone, for a student the list does not reach, tells nothing.
    await makeLiberacao(t.db, s.tenantId, alunoId, { validFor: "3 days" });
    expect((await getAlunoDetail(s, alunoId)).liberadoAte).toBeNull();
    await makeInadimplente(t.db, s.tenantId, { studentName: "Nara Leão" });
    const [{ until }] = await q<{ until: string }>(t.db, sql`select to_json(max(valid_until)) #>> '{}' as until from liberacoes where aluno_id = ${alunoId}`);
    const d = await getAlunoDetail(s, alunoId);
    expect(d.check.isInadimplente).toBe(false);
    expect(new Date(d.liberadoAte!).getTime()).toBe(new Date(until).getTime());
    // The check switched off: nobody is blocked, so no liberação is what frees the student.
    await setFlag(t.db, s.tenantId, FLAG_KEYS.enabled, false);
    expect((await getAlunoDetail(s, alunoId)).liberadoAte).toBeNull();
    await setFlag(t.db, s.tenantId, FLAG_KEYS.enabled, true);
    // Revoked: blocked again, and no date.
    await t.db.execute(sql`update liberacoes set revoked_at = now() where aluno_id = ${alunoId}`);
    const after = await getAlunoDetail(s, alunoId);
    expect([after.check.isInadimplente, after.liberadoAte]).toEqual([true, null]);
  });

  test("the date is the front desk's and finance's only: another school, or a role without either, gets nothing", async () => {
    const s = await makeSchool(t.db);
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Tom Zé" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Tom Zé" });
    await makeLiberacao(t.db, s.tenantId, alunoId, { validFor: "3 days" });
    const ask = (session: TenantSession) => withTenant(session, (tx) =>
      q<{ ate: string | null }>(tx, sql`select liberado_ate(${alunoId}::uuid) as ate`));
    expect((await ask(s))[0].ate).not.toBeNull();
    const professor = await makeStaff(t.db, s.tenantId, ["professor"]);
    expect((await ask(professor))[0].ate).toBeNull();
    const other = await makeSchool(t.db);
    expect((await ask(other))[0].ate).toBeNull();
  });
});

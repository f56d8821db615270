import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createAluno, getAluno, listAlunos, updateAluno, type AlunoFields } from "@/lib/people/alunos";
import { peopleDbError } from "@/lib/people/db-errors";
import { editAlunoForm, newAlunoForm } from "@/lib/people/forms";
import { MATRICULA_TAKEN, parseMatricula } from "@/lib/people/matricula";
import { listCampaign } from "@/lib/rematricula/campaign";
import { EMPTY_QUERY, parseCampaignQuery } from "@/lib/rematricula/campaign-query";
import { getAlunoDetail } from "@/lib/rematricula/students";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeStaff, makeTenant } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";

// The student's school code (matrícula/RA, SPEC §2) on both databases: kept as
// typed with its leading zeros, unique in a school, found by the lists' search.
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const fields = (nome: string, matricula: string | null): AlunoFields => ({
  nome, matricula, cpf: null, dataNascimento: null, responsavelNome: null, responsavelTelefone: null, unidade: null,
  serie: "5º ano", turma: null, anoLetivo: 2026, status: "ativo",
});

const admin = async () => makeStaff(t.db, await makeTenant(t.db), ["admin"]);
const refusal = (work: Promise<unknown>) => work.then(() => null, (e: unknown) => e as { code?: string; message?: string });

describe("what a code is", () => {
  test.each([
    ["  000123 ", "000123"], ["ra-2024/07", "RA-2024/07"], ["2024.001", "2024.001"], ["", null], ["   ", null],
  ])("%j is stored as %j", (typed, stored) => {
    expect(parseMatricula(typed)).toEqual({ ok: true, matricula: stored });
  });

  test.each([
    ["12 34", /letras sem acento e números/], ["Ação1", /letras sem acento/], ["-123", /letras sem acento/],
    ["12%", /letras sem acento/], ["1_2", /letras sem acento/], ["12\n34", /uma só linha/], ["1".repeat(31), /no máximo 30/],
  ])("%j is refused", (typed, message) => {
    const r = parseMatricula(typed);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  test("the form strips NUL bytes and names the field", () => {
    expect(editAlunoForm.parse({ alunoId: crypto.randomUUID(), nome: "Ana", matricula: "00\x0012" }).matricula).toBe("0012");
    const r = editAlunoForm.safeParse({ alunoId: crypto.randomUUID(), nome: "Ana", matricula: "x".repeat(10_000) });
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(["matricula"]);
  });

  test("the database holds the same form, whatever writes it", async () => {
    const tenantId = await makeTenant(t.db);
    for (const bad of ["abc", " 12", "12 3", "", "Á1"]) {
      await expectPgError(t.db.execute(sql`insert into alunos (tenant_id, nome, matricula) values (${tenantId}, 'X', ${bad})`), "23514");
    }
  });
});

describe("unique in the school, like the CPF", () => {
  test("the same code in two schools is accepted; twice in one school refused with the message", async () => {
    const a = await admin();
    const b = await admin();
    const first = await createAluno(a, fields("Ana Lima", "000123"), null);
    await createAluno(b, fields("Ana Lima", "000123"), null);
    // Leading zeros make another code.
    await createAluno(a, fields("Outra Ana", "123"), null);
    expect(await refusal(createAluno(a, fields("Outra Ana 2", "000123"), null)))
      .toMatchObject({ code: "CONFLICT", message: MATRICULA_TAKEN });
    // As typed in the form: one code whatever the case.
    const typed = (nome: string, matricula: string) => { const { email, ...f } = newAlunoForm.parse({ nome, matricula }); return f; };
    expect(await refusal(createAluno(a, typed("Outra Ana 3", "ra-1"), null))).toBeNull();
    expect(await refusal(createAluno(a, typed("Outra Ana 4", "RA-1"), null))).toMatchObject({ code: "CONFLICT" });
    const other = await createAluno(a, fields("Bruno Dias", null), null);
    expect(await refusal(updateAluno(a, other.id, fields("Bruno Dias", "000123"))))
      .toMatchObject({ code: "CONFLICT", fields: { matricula: MATRICULA_TAKEN } });
    await updateAluno(a, first.id, fields("Ana Lima", "000123")); // keeping one's own code is no conflict
    expect((await getAluno(a, first.id)).matricula).toBe("000123");
    const rows = await q<{ matricula: string }>(t.db, sql`select matricula from alunos where matricula = '000123' order by 1`);
    expect(rows).toHaveLength(2);
  });

  test("many students without a code are fine", async () => {
    const a = await admin();
    for (const n of ["A", "B", "C"]) await createAluno(a, fields(`Sem Código ${n}`, null), null);
    expect((await listAlunos(a, {})).total).toBe(3);
  });

  test("requests racing with the same code: one student, the others get the message", async () => {
    const a = await admin();
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => createAluno(a, fields(`Corrida ${i}`, "0099"), null)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", message: MATRICULA_TAKEN });
    }
  });

  test("the unique violation itself (a race past the check) maps to the message", async () => {
    const a = await admin();
    await createAluno(a, fields("Bia", "0007"), null);
    const err = await refusal(withTenant(a, (tx) => tx.execute(
      sql`insert into alunos (tenant_id, nome, matricula) values (${a.tenantId}, 'Bia 2', '0007')`)));
    expect(peopleDbError(err)).toMatchObject({ code: "CONFLICT", message: MATRICULA_TAKEN });
  });
});

describe("the lists find a student by code", () => {
  let a: TenantSession;
  let secretaria: TenantSession;
  beforeAll(async () => {
    a = await admin();
    secretaria = await makeStaff(t.db, a.tenantId, ["secretaria"]);
    await makeAluno(t.db, a.tenantId, { nome: "Clara Nunes", matricula: "000145" });
    await makeAluno(t.db, a.tenantId, { nome: "Davi Nunes", matricula: "000146" });
    await makeAluno(t.db, a.tenantId, { nome: "Elis Regina", matricula: "RA-77/1" });
    await makeAluno(t.db, a.tenantId, { nome: "Zeca Turma 145", matricula: null });
    const b = await makeTenant(t.db);
    await makeAluno(t.db, b, { nome: "Clara de Outra Escola", matricula: "000145" });
  });

  const admins = async (term: string) => (await listAlunos(a, { q: term })).rows.map((r) => r.nome);
  const home = async (term: string) =>
    (await listCampaign(secretaria, parseCampaignQuery({ q: term }))).rows.map((r) => `${r.matricula ?? "—"} ${r.nome}`);

  test.each([
    ["000145", ["Clara Nunes"]], // the exact code
    ["00014", ["Clara Nunes", "Davi Nunes"]], // a prefix
    ["ra-77", ["Elis Regina"]], // any case
    ["145", ["Zeca Turma 145"]], // inside a code but not its start: only the name matches
  ])("admin list: %j → %j", async (term, expected) => {
    expect(await admins(term)).toEqual(expected);
  });

  test("the home shows the codes and finds by exact code and prefix", async () => {
    expect(await home("000146")).toEqual(["000146 Davi Nunes"]);
    expect(await home("0001")).toEqual(["000145 Clara Nunes", "000146 Davi Nunes"]);
    expect(await home("RA-77/1")).toEqual(["RA-77/1 Elis Regina"]);
    expect((await listCampaign(secretaria, EMPTY_QUERY)).rows.map((r) => r.matricula))
      .toEqual(["000145", "000146", "RA-77/1", null]);
  });

  test.each([["%"], ["_"], ["0%"], ["00_45"]])("LIKE's wildcards match themselves, never a code: %j", async (term) => {
    expect(await admins(term)).toEqual([]);
    expect(await home(term)).toEqual([]);
  });

  test.each([["NUL", "\0"], ["NUL inside", "0\x00001"], ["10 000 zeros", "0".repeat(10_000)], ["SQL", "' or 1=1--"]])(
    "hostile term (%s): the normal answer, no error", async (_label, term) => {
      expect(Array.isArray(await admins(term))).toBe(true);
      expect(Array.isArray(await home(term))).toBe(true);
    });

  test("the detail page shows the code", async () => {
    const [row] = await q<{ id: string }>(t.db, sql`select id from alunos where tenant_id = ${a.tenantId} and matricula = '000145'`);
    expect((await getAlunoDetail(secretaria, row.id)).aluno.matricula).toBe("000145");
  });
});

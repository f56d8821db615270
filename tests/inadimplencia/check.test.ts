import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { checkInadimplencia, checkOne } from "@/lib/inadimplencia/check";
import { FLAG_KEYS } from "@/lib/inadimplencia/flags";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao } from "../helpers/fixtures";
import { CLEAR, checkOneOf, makeSchool } from "./support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

describe("matching", () => {
  test("an exact normalised name matches and the answer holds only the three fields", async () => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda Souza" });
    const other = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Maria Eduarda Souza", meses: 3, codigo: "0042" });
    const r = await withTenant(s, (tx) => checkInadimplencia(tx, [aluno, other]));
    expect(r.get(aluno)).toStrictEqual({ isInadimplente: true, mesesInadim: 3, codigoInadim: "0042" });
    // A name contained in a listed one is another person.
    expect(r.get(other)).toStrictEqual(CLEAR);
  });

  test.each([
    ["accents and case", "João Conceição", "JOAO CONCEICAO"],
    ["extra and odd spaces", "Ana  Luíza\tGonçalves", "  ana luiza\u00a0 goncalves "],
    ["typographic apostrophe against a plain one", "Gabriel D’Ávila", "gabriel d'avila"],
    ["plain apostrophe against a typographic one", "Helena Sant'Anna", "HELENA SANT‘ANNA"],
    ["letters unaccent maps", "Søren Weiß", "soren weiss"],
  ])("%s match", async (_, nome, listed) => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome });
    expect(await checkOneOf(s, aluno)).toStrictEqual(CLEAR);
    await makeInadimplente(t.db, s.tenantId, { studentName: listed, meses: 2, codigo: "A1" });
    expect(await checkOneOf(s, aluno)).toStrictEqual({ isInadimplente: true, mesesInadim: 2, codigoInadim: "A1" });
  });

  test("among several active rows for one student the worst one answers", async () => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Pedro Álvares" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Pedro Alvares", escola: "Norte", meses: 2, codigo: "B" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Pedro Alvares", escola: "Sul", meses: 7, codigo: "C" });
    expect(await checkOneOf(s, aluno)).toStrictEqual({ isInadimplente: true, mesesInadim: 7, codigoInadim: "C" });
  });

  test("inactive (soft-deleted) rows are ignored", async () => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Lucas Moura" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Lucas Moura", active: false });
    expect(await checkOneOf(s, aluno)).toStrictEqual(CLEAR);
  });

  test("results are fresh: a new row counts on the very next check", async () => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Rita Lee" });
    expect((await checkOneOf(s, aluno))?.isInadimplente).toBe(false);
    const row = await makeInadimplente(t.db, s.tenantId, { studentName: "Rita Lee" });
    expect((await checkOneOf(s, aluno))?.isInadimplente).toBe(true);
    await t.db.execute(sql`update inadimplentes set is_active = false where id = ${row}`);
    expect((await checkOneOf(s, aluno))?.isInadimplente).toBe(false);
  });
});

describe("require_guardian", () => {
  async function setup(requireGuardian: boolean, responsavelNome: string | null, guardian: string | null) {
    const s = await makeSchool(t.db, { requireGuardian });
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Bia Torres", responsavelNome });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Bia Torres", guardian });
    return (await checkOneOf(s, aluno))?.isInadimplente;
  }

  test("off: a different guardian still matches", async () => {
    expect(await setup(false, "Carla Torres", "Outra Pessoa")).toBe(true);
  });
  test("on: a different guardian does not match", async () => {
    expect(await setup(true, "Carla Torres", "Outra Pessoa")).toBe(false);
  });
  test("on: the same guardian, written differently, matches", async () => {
    expect(await setup(true, "Carla D’Ávila Torres", "CARLA D'AVILA  TORRES")).toBe(true);
  });
  test("on: a student without a guardian is matched by name alone", async () => {
    expect(await setup(true, null, "Carla Torres")).toBe(true);
  });
  test("on: a listed row without a guardian cannot confirm the student's guardian", async () => {
    expect(await setup(true, "Carla Torres", null)).toBe(false);
  });
});

describe("require_same_school", () => {
  async function setup(requireSameSchool: boolean, unidade: string | null, escola: string | null) {
    const s = await makeSchool(t.db, { requireSameSchool });
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Caio Prado", unidade });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Caio Prado", escola });
    return (await checkOneOf(s, aluno))?.isInadimplente;
  }

  test("off: another school still matches", async () => {
    expect(await setup(false, "Centro", "Norte")).toBe(true);
  });
  test("on: another school does not match", async () => {
    expect(await setup(true, "Centro", "Norte")).toBe(false);
  });
  test("on: the student's unidade, normalised, matches", async () => {
    expect(await setup(true, "Unidade São José", "  UNIDADE SAO JOSE ")).toBe(true);
  });
  test("on: a student without a unidade is matched by name alone", async () => {
    expect(await setup(true, null, "Norte")).toBe(true);
  });
  test("on: a listed row without a school does not match a student with a unidade", async () => {
    expect(await setup(true, "Centro", null)).toBe(false);
  });
});

describe("liberação", () => {
  async function setup(liberacao?: { validFor: string; revoked?: boolean }) {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Davi Lucca" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Davi Lucca" });
    if (liberacao) await makeLiberacao(t.db, s.tenantId, aluno, liberacao);
    return (await checkOneOf(s, aluno))?.isInadimplente;
  }

  test("without one the student is delinquent", async () => { expect(await setup()).toBe(true); });
  test("a valid one (until tomorrow) clears the student", async () => { expect(await setup({ validFor: "1 day" })).toBe(false); });
  test("an expired one stops counting by itself", async () => { expect(await setup({ validFor: "-1 minute" })).toBe(true); });
  test("a revoked one does not count", async () => { expect(await setup({ validFor: "1 day", revoked: true })).toBe(true); });
});

describe("the enabled flag", () => {
  test("off: never delinquent, even on an exact match", async () => {
    const s = await makeSchool(t.db, { enabled: false });
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Enzo Gabriel" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Enzo Gabriel" });
    expect(await checkOneOf(s, aluno)).toStrictEqual(CLEAR);
  });

  test("missing: the default (off) applies", async () => {
    const s = await makeSchool(t.db);
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Enzo Gabriel" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Enzo Gabriel" });
    expect((await checkOneOf(s, aluno))?.isInadimplente).toBe(true);
    await t.db.execute(sql`delete from system_config where tenant_id = ${s.tenantId} and key = ${FLAG_KEYS.enabled}`);
    expect(await checkOneOf(s, aluno)).toStrictEqual(CLEAR);
  });
});

describe("tenants", () => {
  test("another school's list and students are out of reach", async () => {
    const a = await makeSchool(t.db);
    const b = await makeSchool(t.db);
    const alunoA = await makeAluno(t.db, a.tenantId, { nome: "Homônimo da Silva" });
    const alunoB = await makeAluno(t.db, b.tenantId, { nome: "Homônimo da Silva" });
    await makeInadimplente(t.db, b.tenantId, { studentName: "Homonimo da Silva" });
    const r = await withTenant(a, (tx) => checkInadimplencia(tx, [alunoA, alunoB]));
    expect([...r.keys()]).toEqual([alunoA]);
    expect(r.get(alunoA)).toStrictEqual(CLEAR);
    expect(await withTenant(a, (tx) => checkOne(tx, alunoB))).toBeNull();
  });

  test("malformed or empty id lists answer nothing instead of failing", async () => {
    const s = await makeSchool(t.db);
    expect((await withTenant(s, (tx) => checkInadimplencia(tx, []))).size).toBe(0);
    expect((await withTenant(s, (tx) => checkInadimplencia(tx, ["nope", "1; drop table alunos"]))).size).toBe(0);
  });
});

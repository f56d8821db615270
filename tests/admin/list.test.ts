import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { exportInadimplentes, listEscolas, listInadimplentes } from "@/lib/inadimplencia/list";
import { exportCsv } from "@/lib/inadimplencia/export";
import { parseListQuery, type RawParams } from "@/lib/inadimplencia/list-query";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeInadimplente } from "../helpers/fixtures";
import { makeFinanceSchool } from "./support";

let t: TestDb;
let fin: TenantSession;

beforeAll(async () => {
  t = await createTestDb();
  ({ fin } = await makeFinanceSchool(t.db));
  const rows: [string, string | null, string | null, number, boolean][] = [
    ["Álvaro Peçanha", "Márcia Peçanha", "Centro", 2, true],
    ["Beatriz 100% Silva", null, "centro", 7, true],
    ["Carla_Souza", "Zé do Pão", "Norte", 1, true],
    ["Carlaxsouza", null, "NORTE ", 13, true],
    ["Дмитрий Иванов", "Анна Иванова", null, 4, true],
    ["Back\\slash", null, null, 3, true],
    ["Eva Inativa", null, "Centro", 5, false],
  ];
  for (const [studentName, guardian, escola, meses, active] of rows) {
    await makeInadimplente(t.db, fin.tenantId, { studentName, guardian, escola, meses, active, codigo: `C${meses}` });
  }
  // Another school's rows never show.
  const { fin: other } = await makeFinanceSchool(t.db);
  await makeInadimplente(t.db, other.tenantId, { studentName: "Álvaro de Outra Escola", escola: "Sul" });
});
afterAll(async () => { await t?.close(); });

async function names(params: RawParams) {
  return (await listInadimplentes(fin, parseListQuery(params))).rows.map((r) => r.studentName);
}

describe("filters and search", () => {
  test("status: active by default, inactive, all", async () => {
    expect(await names({})).toHaveLength(6);
    expect(await names({ status: "inactive" })).toStrictEqual(["Eva Inativa"]);
    expect(await names({ status: "all" })).toHaveLength(7);
  });

  test("search is accent- and case-insensitive, on the student or the guardian, in any script", async () => {
    expect(await names({ q: "ALVARO PECANHA" })).toStrictEqual(["Álvaro Peçanha"]);
    expect(await names({ q: "marcia" })).toStrictEqual(["Álvaro Peçanha"]);
    expect(await names({ q: "анна" })).toStrictEqual(["Дмитрий Иванов"]);
    expect(await names({ q: "ze do pao" })).toStrictEqual(["Carla_Souza"]);
  });

  test("wildcards are literal: % finds only the literal %, _ only the literal _, \\ only the backslash", async () => {
    expect(await names({ q: "%" })).toStrictEqual(["Beatriz 100% Silva"]);
    expect(await names({ q: "carla_souza" })).toStrictEqual(["Carla_Souza"]);
    expect(await names({ q: "\\" })).toStrictEqual(["Back\\slash"]);
    expect(await names({ q: "%%%%" })).toStrictEqual([]);
  });

  test("school filter compares normalised names, and the select offers one spelling per school", async () => {
    expect((await names({ escola: "centro" })).sort()).toStrictEqual(["Beatriz 100% Silva", "Álvaro Peçanha"].sort());
    expect((await names({ escola: "Norte" })).sort()).toStrictEqual(["Carla_Souza", "Carlaxsouza"]);
    expect((await listEscolas(fin)).map((s) => s.toLowerCase().trim())).toStrictEqual(["centro", "norte"]);
  });

  test("hostile query strings give a normal answer", async () => {
    for (const params of [
      { q: "a".repeat(10_000) }, { q: "\0" }, { q: ["\0%", "x"] }, { page: "99999999999999" }, { page: "-1" },
      { sort: "1; drop table inadimplentes" }, { dir: "desc; --" }, { escola: "\0" }, { status: ["x", "y"] },
    ] as RawParams[]) {
      const r = await listInadimplentes(fin, parseListQuery(params));
      expect(r.page).toBeGreaterThanOrEqual(1);
      expect(r.page).toBeLessThanOrEqual(r.pageCount);
    }
  });
});

describe("sorting", () => {
  test("by months, both directions, and by name with accents sorted as plain letters", async () => {
    expect(await names({ sort: "meses_inadim" })).toStrictEqual(
      ["Carla_Souza", "Álvaro Peçanha", "Back\\slash", "Дмитрий Иванов", "Beatriz 100% Silva", "Carlaxsouza"]);
    expect((await names({ sort: "meses_inadim", dir: "desc" }))[0]).toBe("Carlaxsouza");
    expect((await names({}))[0]).toBe("Álvaro Peçanha");
  });

  test("every whitelisted column sorts without error", async () => {
    for (const sort of ["codigo_inadim", "guardian1_name", "student_escola", "is_active", "updated_at", "updated_by"]) {
      for (const dir of ["asc", "desc"]) expect(await names({ sort, dir, status: "all" })).toHaveLength(7);
    }
  });
});

describe("export", () => {
  test("the export follows the filter", async () => {
    const rows = await exportInadimplentes(fin, parseListQuery({ escola: "norte", sort: "meses_inadim", dir: "desc" }));
    expect(rows.map((r) => r.studentName)).toStrictEqual(["Carlaxsouza", "Carla_Souza"]);
  });

  test("cells beginning with =, +, -, @, tab or CR come out neutralised", async () => {
    const { fin: s } = await makeFinanceSchool(t.db);
    const hostile = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"];
    for (const [i, name] of hostile.entries()) {
      await makeInadimplente(t.db, s.tenantId, { studentName: `Aluno ${i}`, guardian: name, escola: "Centro", codigo: name });
    }
    const csv = exportCsv(await exportInadimplentes(s, parseListQuery({ sort: "student_name" })));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ";" }).data.filter((r) => r.length > 1);
    expect(parsed[0].slice(0, 5)).toStrictEqual(["codigo_inadim", "student_name", "guardian1_name", "student_escola", "meses_inadim"]);
    const body = parsed.slice(1);
    expect(body).toHaveLength(hostile.length);
    for (const [i, name] of hostile.entries()) {
      expect(body[i][0]).toBe(`'${name}`);
      expect(body[i][2]).toBe(`'${name}`);
    }
  });
});

test("the school column gives the school's own unidade name, compared as the match rule compares it", async () => {
  const { fin: school } = await makeFinanceSchool(t.db);
  await t.db.execute(sql`insert into unidades (tenant_id, name) values (${school.tenantId}, 'Unidade Centro')`);
  await makeInadimplente(t.db, school.tenantId, { studentName: "Ana Unidade", escola: "  UNIDADE centro " });
  await makeInadimplente(t.db, school.tenantId, { studentName: "Bia Outra", escola: "Colégio Vizinho" });
  const r = await listInadimplentes(school, parseListQuery({ sort: "student_name" }));
  expect(r.hasUnidades).toBe(true);
  expect(r.rows.map((x) => [x.studentName, x.studentEscola, x.unidade])).toEqual([
    ["Ana Unidade", "  UNIDADE centro ", "Unidade Centro"],
    ["Bia Outra", "Colégio Vizinho", null],
  ]);
  const { fin: none } = await makeFinanceSchool(t.db);
  expect((await listInadimplentes(none, parseListQuery({}))).hasUnidades).toBe(false);
});

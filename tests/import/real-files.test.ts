import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import type { ImportFile, ImportMode } from "@/lib/inadimplencia/import/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// Files shaped like the exports of other systems, through the whole import:
// preview, then commit with the previewed hash.

const corpus = (file: string): ImportFile => ({
  name: file,
  bytes: new Uint8Array(readFileSync(path.resolve(__dirname, "corpus", file))),
});
const enc = (s: string) => new TextEncoder().encode(s);

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

async function previewAndCommit(session: TenantSession, file: ImportFile, mode: ImportMode) {
  const preview = await previewImport(session, file, { mode });
  if (!preview.ok) throw new Error(preview.error);
  const report = await commitImport(session, file, { mode, expectedSha256: preview.sha256 });
  if (!report.ok) throw new Error(report.error);
  return { preview, report };
}

async function listOf(session: TenantSession) {
  const rows = await q<{ id: string; student_name: string; is_active: boolean; meses_inadim: number | null }>(t.db, sql`select id,
    student_name, is_active, meses_inadim from inadimplentes where tenant_id = ${session.tenantId}`);
  // Sorted here: the two databases collate quotes and accents differently.
  return rows.sort((a, b) => (a.student_name < b.student_name ? -1 : 1));
}

test("replace mode with a stray quote in one name: the list becomes exactly the file's rows, nobody after it is taken off", async () => {
  const school = await makeSchool(t.db, {}, ["financeiro"]);
  const header = "codigo_inadim,student_name,guardian1_name,student_escola,meses_inadim\n";
  await previewAndCommit(school, {
    name: "lista.csv",
    bytes: enc(header + "25,Ana Souza,Maria Souza,Aurora,2\n27,Bruno Lima,\"Lima, Pedro\",Aurora,4\n" +
      "28,Carla Dias,,Aurora,5\n29,Davi Reis,\"Reis, Rita\",Aurora,6\n30,Eva Lima,,Aurora,1\n"),
  }, "upsert");
  const before = new Map((await listOf(school)).map((r) => [r.student_name, r.id]));

  // Bruno, Carla and Davi follow the stray quote and are still in the export; Eva is not.
  const file = corpus("stray-quote-in-name.csv");
  const preview = await previewImport(school, file, { mode: "replace" });
  if (!preview.ok) throw new Error(preview.error);
  expect(preview.counts).toMatchObject({ total: 5, new: 1, unchanged: 4, invalid: 0, warnings: 1, toDeactivate: 1 });
  expect(preview.warnings).toEqual([{ line: 3, reason: expect.stringContaining("Aspas (\") sem par") }]);
  expect(preview.toDeactivate.map((r) => r.studentName)).toEqual(["Eva Lima"]);

  const report = await commitImport(school, file, { mode: "replace", expectedSha256: preview.sha256 });
  expect(report.ok && report.counts).toMatchObject({ inserted: 1, unchanged: 4, deactivated: 1, invalid: 0, warnings: 1 });
  const after = await listOf(school);
  expect(after.map((r) => [r.student_name, r.is_active, r.meses_inadim])).toEqual([
    ["\"Tuca\" Ana Souza", true, 3],
    ["Ana Souza", true, 2],
    ["Bruno Lima", true, 4],
    ["Carla Dias", true, 5],
    ["Davi Reis", true, 6],
    ["Eva Lima", false, 1],
  ]);
  // The same rows, not new ones: their history and liberações stay attached.
  for (const name of ["Ana Souza", "Bruno Lima", "Carla Dias", "Davi Reis"]) {
    expect(after.find((r) => r.student_name === name)?.id).toBe(before.get(name));
  }
});

test("replace mode with a quoted field running over lines: the students on the joined lines stay on the list", async () => {
  const school = await makeSchool(t.db, {}, ["financeiro"]);
  const header = "codigo_inadim,student_name,guardian1_name,student_escola,meses_inadim\n";
  await previewAndCommit(school, {
    name: "lista.csv",
    bytes: enc(header + "1,Ana Souza,,Aurora,1\n2,Bruno Lima,,Aurora,2\n3,Carla Dias,,Aurora,3\n" +
      "4,Davi Reis,,Aurora,4\n5,Eva Lima,,Aurora,5\n6,Fábio Melo,,Aurora,6\n"),
  }, "upsert");
  const before = await listOf(school);

  // Lines 3 to 5 are joined by the quote; Fábio is really gone from the export.
  const file = corpus("quoted-field-spanning-records.csv");
  const preview = await previewImport(school, file, { mode: "replace" });
  if (!preview.ok) throw new Error(preview.error);
  expect(preview.warnings.map((w) => w.line)).toEqual([3]);
  expect(preview.toDeactivate.map((r) => r.studentName)).toEqual(["Fábio Melo"]);
  const report = await commitImport(school, file, { mode: "replace", expectedSha256: preview.sha256 });
  expect(report.ok && report.counts).toMatchObject({ deactivated: 1, warnings: 1 });
  const after = new Map((await listOf(school)).map((r) => [r.id, r]));
  for (const row of before) {
    expect(after.get(row.id)).toEqual({ ...row, is_active: row.student_name !== "Fábio Melo" });
  }
});

test("a pt-BR report export (windows-1252, CRLF, titles, page break, totals) previews and imports only its students", async () => {
  const school = await makeSchool(t.db, {}, ["financeiro"]);
  const { preview, report } = await previewAndCommit(school, corpus("report-title-footer.csv"), "replace");
  expect(preview).toMatchObject({ encoding: "windows-1252", delimiter: ";" });
  expect(preview.counts).toMatchObject({ total: 4, new: 4, invalid: 0, warnings: 7 });
  expect(preview.warnings.map((w) => w.line)).toEqual([1, 2, 8, 9, 10, 14, 15]);
  expect(report.counts).toMatchObject({ inserted: 4, invalid: 0, warnings: 7 });
  expect((await listOf(school)).map((r) => r.student_name)).toEqual([
    "João Conceição", "Otávio Simões", "Total Souza", "Ângela Brandão",
  ]);
});

test("an Excel export with sep=; and money in the months column: the money rows are invalid, the column is flagged", async () => {
  const school = await makeSchool(t.db, {}, ["financeiro"]);
  const csv = "sep=;\r\nAluno;Meses em atraso\r\nAna Souza;500,00\r\nBruno Lima;R$ 385,00\r\nCarla Dias;3\r\n";
  const preview = await previewImport(school, { name: "excel.csv", bytes: enc(csv) }, { mode: "upsert" });
  if (!preview.ok) throw new Error(preview.error);
  expect(preview.counts).toMatchObject({ total: 1, invalid: 2, warnings: 1 });
  expect(preview.invalid.map((i) => i.line)).toEqual([3, 4]);
  expect(preview.warnings[0]).toMatchObject({ line: 2, reason: expect.stringContaining("valores em dinheiro") });
});

test("the mapping step starts from the recognised columns, and one left as “não importar” is said in the preview", async () => {
  const school = await makeSchool(t.db, {}, ["financeiro"]);
  const file = { name: "layout.csv", bytes: enc("Código;Nome completo;Meses;Valor\nINAD-1;Ana Souza;2;120,00\n") };
  const first = await previewImport(school, file, { mode: "upsert" });
  expect(first).toMatchObject({
    ok: false,
    needsMapping: true,
    headers: ["Código", "Nome completo", "Meses", "Valor"],
    suggested: { codigo_inadim: 0, meses_inadim: 2 },
  });
  const mapped = await previewImport(school, file, { mode: "upsert", mapping: { codigo_inadim: 0, student_name: 1 } });
  if (!mapped.ok) throw new Error(mapped.error);
  expect(mapped.rows[0]).toMatchObject({ studentName: "Ana Souza", mesesInadim: null });
  expect(mapped.warnings).toEqual([
    {
      line: 1,
      reason:
        "A coluna “Meses” (coluna 3) foi reconhecida como “Meses em atraso”, mas ficou como “não importar”: " +
        "esse campo não será importado.",
    },
  ]);
});

test("a real student list without a header, in replace mode: its first student stays on the list", async () => {
  const school = await makeSchool(t.db, {}, ["financeiro"]);
  const header = "student_name,meses_inadim\n";
  await previewAndCommit(school, { name: "antes.csv", bytes: enc(`${header}Isadora Lemes Ferreira de Barros,2\nOutra Pessoa,1\n`) }, "upsert");
  const file = corpus("headerless-student-list.csv");
  const needsMapping = await previewImport(school, file, { mode: "replace" });
  expect(needsMapping).toMatchObject({ ok: false, needsMapping: true });
  const mapping = { student_name: 1 };
  const preview = await previewImport(school, file, { mode: "replace", mapping });
  if (!preview.ok) throw new Error(preview.error);
  expect([preview.counts.total, preview.counts.toDeactivate]).toEqual([70, 1]);
  const report = await commitImport(school, file, { mode: "replace", mapping, expectedSha256: preview.sha256 });
  if (!report.ok) throw new Error(report.error);
  const active = (await listOf(school)).filter((r) => r.is_active).map((r) => r.student_name);
  expect(active).toHaveLength(70);
  expect(active).toContain("Isadora Lemes Ferreira de Barros");
  expect(active).not.toContain("Outra Pessoa");
});


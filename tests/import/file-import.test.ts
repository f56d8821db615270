import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import { batchErrorsCsv, getBatch, listBatches } from "@/lib/inadimplencia/import/batches";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";
import { snapshot } from "./support";

const SAMPLE = path.resolve(__dirname, "corpus/sample-excel-ptbr.csv");
const enc = (s: string) => new TextEncoder().encode(s);

let t: TestDb;
let finance: TenantSession;
beforeAll(async () => {
  t = await createTestDb();
  finance = await makeSchool(t.db, {}, ["financeiro"]);
  await makeAluno(t.db, finance.tenantId, { nome: "Maria dos Falcão Gonçalves" });
});
afterAll(() => t.close());

describe("the import from the uploaded bytes", () => {
  test("the Excel sample: preview, commit with its hash, then the same file again changes nothing", async () => {
    const file = { name: "inadimplentes-excel-ptbr.csv", bytes: new Uint8Array(readFileSync(SAMPLE)) };
    const preview = await previewImport(finance, file, { mode: "upsert" });
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.encoding).toMatch(/1252|latin/i);
    expect(preview.rows.some((r) => r.studentName === "Maria dos Falcão Gonçalves" && r.match.kind === "one")).toBe(true);
    expect(preview.counts.new).toBe(preview.counts.total);

    const report = await commitImport(finance, file, { mode: "upsert", expectedSha256: preview.sha256 });
    if (!report.ok) throw new Error(report.error);
    expect(report.counts.inserted).toBe(preview.counts.new);

    const again = await previewImport(finance, file, { mode: "upsert" });
    expect(again.ok && again.counts).toMatchObject({ new: 0, updated: 0, unchanged: preview.counts.total });
    const second = await commitImport(finance, file, { mode: "upsert", expectedSha256: preview.sha256 });
    expect(second.ok && second.counts).toMatchObject({ inserted: 0, updated: 0 });

    const history = await listBatches(finance, { page: 1 });
    expect(history.items.map((b) => b.id)).toContain(report.batchId);
    const batch = await getBatch(finance, report.batchId);
    expect(batch).toMatchObject({ fileName: "inadimplentes-excel-ptbr.csv", sha256: preview.sha256, mode: "upsert" });
  });

  test("a file other than the previewed one is refused and changes nothing", async () => {
    const before = await snapshot(t.db, finance.tenantId);
    const file = { name: "x.csv", bytes: enc("student_name;meses_inadim\nOutro Aluno;3\n") };
    await expect(commitImport(finance, file, { mode: "replace", expectedSha256: "0".repeat(64) })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await snapshot(t.db, finance.tenantId)).toEqual(before);
  });

  test("an unreadable file gets its message and changes nothing", async () => {
    const before = await snapshot(t.db, finance.tenantId);
    const file = { name: "vazio.csv", bytes: new Uint8Array() };
    const preview = await previewImport(finance, file, { mode: "replace" });
    expect(preview).toMatchObject({ ok: false });
    const commit = await commitImport(finance, file, { mode: "replace", expectedSha256: "" });
    expect(commit).toMatchObject({ ok: false });
    expect(await snapshot(t.db, finance.tenantId)).toEqual(before);
  });

  test("an unknown header layout asks for the mapping, and the mapping makes it importable", async () => {
    const file = { name: "layout.csv", bytes: enc("Coluna A;Coluna B\nLuiza Mota;4\n") };
    const first = await previewImport(finance, file, { mode: "upsert" });
    expect(first).toMatchObject({ ok: false, needsMapping: true, headers: ["Coluna A", "Coluna B"] });
    const mapped = await previewImport(finance, file, { mode: "upsert", mapping: { student_name: 0, meses_inadim: 1 } });
    expect(mapped.ok && mapped.rows[0]).toMatchObject({ studentName: "Luiza Mota", mesesInadim: 4 });
  });

  test("the batch's issues download as a formula-safe CSV", async () => {
    const csv = "student_name;meses_inadim\n=HYPERLINK(\"x\");abc\nBeatriz Melo;3\n";
    const file = { name: "com-erros.csv", bytes: enc(csv) };
    const preview = await previewImport(finance, file, { mode: "upsert" });
    if (!preview.ok) throw new Error(preview.error);
    const report = await commitImport(finance, file, { mode: "upsert", expectedSha256: preview.sha256 });
    if (!report.ok) throw new Error(report.error);
    expect(report.counts.invalid + report.counts.warnings).toBeGreaterThan(0);
    const out = await batchErrorsCsv(finance, report.batchId);
    const parsed = Papa.parse<string[]>(out.csv.replace(/^\uFEFF/, ""), { delimiter: ";" }).data;
    expect(parsed[0]).toEqual(["linha", "tipo", "motivo"]);
    expect(parsed.length).toBeGreaterThan(1);
    for (const cell of parsed.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    const [stored] = await q<{ n: number }>(t.db, sql`select jsonb_array_length(errors->'invalid') + jsonb_array_length(errors->'warnings') as n
      from import_batches where id = ${report.batchId}`);
    expect(Number(stored.n)).toBe(report.counts.invalid + report.counts.warnings);
  });

  test("odd names, mappings and cells get a message or a clean import, never a database error", async () => {
    const before = await snapshot(t.db, finance.tenantId);
    const file = { name: `a\u0000${"x".repeat(10_000)}.csv`, bytes: enc("Coluna A;Coluna B\nLuiza Mota;4\n") };
    const mappings: Record<string, number>[] = [{ student_name: 999 }, { student_name: -1 }, { student_name: 0.5 }, { nada: 0 }];
    for (const mapping of mappings) {
      const p = await previewImport(finance, file, { mode: "replace", mapping });
      expect(p.ok).toBe(false);
    }
    const nul = { name: "nul.csv", bytes: enc("student_name;meses_inadim\nLu\u0000iza Mota;4\n%_ Aluno;2\n") };
    const p = await previewImport(finance, nul, { mode: "upsert" });
    if (!p.ok) throw new Error(p.error);
    expect(p.rows.map((r) => r.studentName).sort()).toEqual(["%_ Aluno", "Luiza Mota"]);
    expect(await snapshot(t.db, finance.tenantId)).toEqual(before);
    const report = await commitImport(finance, { ...nul, name: file.name }, { mode: "upsert", expectedSha256: p.sha256 });
    expect(report.ok && report.fileName.length).toBeLessThanOrEqual(255);
  });

  test("replace mode leaves alone a listed student whose row in the file is invalid, even a shifted one", async () => {
    const school = await makeSchool(t.db, {}, ["financeiro"]);
    const header = "codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim\n";
    const listed = { name: "lista.csv", bytes: enc(header + "1;Ana Lopes;Rita;Centro;3\n2;Bia Reis;Lia;Norte;2\n3;Caio Dias;Rui;Centro;4\n4;Davi Souza;Eva;Centro;5\n") };
    const first = await previewImport(school, listed, { mode: "upsert" });
    if (!first.ok) throw new Error(first.error);
    await commitImport(school, listed, { mode: "upsert", expectedSha256: first.sha256 });

    // Bia's months are unreadable (and her name in capitals), Davi's row has one
    // cell too many; Caio is really gone from the export.
    const next = { name: "nova.csv", bytes: enc(header + "1;Ana Lopes;Rita;Centro;3\n2;BIA REIS;Lia;Norte;abc\n4;Davi Souza;Eva;Centro;5;x\n") };
    const preview = await previewImport(school, next, { mode: "replace" });
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.counts).toMatchObject({ total: 1, invalid: 2, toDeactivate: 1 });
    expect(preview.toDeactivate.map((r) => r.studentName)).toEqual(["Caio Dias"]);
    const report = await commitImport(school, next, { mode: "replace", expectedSha256: preview.sha256 });
    expect(report.ok && report.counts).toMatchObject({ deactivated: 1, invalid: 2 });
    const rows = await q<{ student_name: string; is_active: boolean; meses_inadim: number }>(t.db, sql`select student_name,
      is_active, meses_inadim from inadimplentes where tenant_id = ${school.tenantId} order by student_name`);
    expect(rows).toEqual([
      { student_name: "Ana Lopes", is_active: true, meses_inadim: 3 },
      { student_name: "Bia Reis", is_active: true, meses_inadim: 2 },
      { student_name: "Caio Dias", is_active: false, meses_inadim: 4 },
      { student_name: "Davi Souza", is_active: true, meses_inadim: 5 },
    ]);
  });

  test("replace mode refuses a file without one valid row instead of emptying the list", async () => {
    const one = { name: "um.csv", bytes: enc("student_name\nAluno Que Fica\n") };
    const first = await previewImport(finance, one, { mode: "upsert" });
    if (!first.ok) throw new Error(first.error);
    await commitImport(finance, one, { mode: "upsert", expectedSha256: first.sha256 });
    const before = await snapshot(t.db, finance.tenantId);
    const file = { name: "ruim.csv", bytes: enc("student_name;meses_inadim\nAna Lopes;abc\nBia Reis;-3\n") };
    const preview = await previewImport(finance, file, { mode: "replace" });
    expect(preview).toMatchObject({ ok: false });
    const upsert = await previewImport(finance, file, { mode: "upsert" });
    if (!upsert.ok) throw new Error(upsert.error);
    expect(upsert.counts).toMatchObject({ total: 0, invalid: 2 });
    await expect(commitImport(finance, file, { mode: "replace", expectedSha256: upsert.sha256 })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await snapshot(t.db, finance.tenantId)).toEqual(before);
  });
});

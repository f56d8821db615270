import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { resolveColumns } from "@/lib/inadimplencia/import/headers";
import { readImportFile } from "@/lib/inadimplencia/import/read-file";
import { undoImport } from "@/lib/inadimplencia/import/undo";
import { linkInadimplente } from "@/lib/inadimplencia/link";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { checkOneOf, makeSchool } from "../inadimplencia/support";
import { loadedFile, row } from "./support";

// Issue 16, import side: a column with the student's code links the row to the
// student with that matrícula; without a code, a name carried by exactly one
// student links the row at commit; a code that names nobody is a warning.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.close());

const links = (tenantId: string) => q<{ student_name: string; codigo_aluno: string | null; aluno_id: string | null }>(t.db,
  sql`select student_name, codigo_aluno, aluno_id from inadimplentes where tenant_id = ${tenantId} and is_active
    order by student_name, codigo_aluno`);

describe("the code column's header", () => {
  test.each(["codigo_aluno", "Matrícula", "matricula", "RA", "Código do aluno", "cod_aluno", "id_aluno"])(
    "%s is the student's code", (header) => {
      const r = resolveColumns(["Aluno", header]);
      expect(r.ok && r.mapping).toEqual({ student_name: 0, codigo_aluno: 1 });
    });

  test.each(["Código", "Código da dívida", "Título"])("%s stays the debt's code", (header) => {
    const r = resolveColumns(["Aluno", header, "RA"]);
    expect(r.ok && r.mapping).toEqual({ student_name: 0, codigo_inadim: 1, codigo_aluno: 2 });
  });

  test("a file with RA is read with its codes as written, leading zeros kept", () => {
    const r = readImportFile(new TextEncoder().encode("Código;Aluno;RA;Meses\r\nD1;Ana Souza;000101;2\r\n"));
    expect(r.ok && r.rows.map((x) => [x.codigoInadim, x.codigoAluno])).toEqual([["D1", "000101"]]);
  });
});

describe("linking at commit", () => {
  async function homonyms() {
    const s = await makeSchool(t.db, {}, ["financeiro"]);
    const a = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda Silva", matricula: "000101" });
    const b = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda Silva", matricula: "000102" });
    return { s, a, b };
  }

  test("a code blocks one of two homonyms; the audit row carries the link; the same file again changes nothing", async () => {
    const { s, a, b } = await homonyms();
    const file = loadedFile([row(2, "Maria Eduarda Silva", { codigoAluno: "000102" })]);
    const first = await commitLoaded(s, file, "upsert");
    expect(first.counts).toMatchObject({ inserted: 1, warnings: 0 });
    expect(await links(s.tenantId)).toEqual([{ student_name: "Maria Eduarda Silva", codigo_aluno: "000102", aluno_id: b }]);
    expect((await checkOneOf(s, b))?.isInadimplente).toBe(true);
    expect((await checkOneOf(s, a))?.isInadimplente).toBe(false);
    const [audit] = await q<{ action: string; aluno: string }>(t.db, sql`select action, after ->> 'aluno_id' as aluno
      from inadimplentes_audit where batch_id = ${first.batchId}`);
    expect(audit).toEqual({ action: "import", aluno: b });
    const again = await commitLoaded(s, file, "upsert");
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  test("a code is matched as the school stores matrículas (case and spaces do not matter)", async () => {
    const s = await makeSchool(t.db, {}, ["financeiro"]);
    const ra = await makeAluno(t.db, s.tenantId, { nome: "Caio Prado", matricula: "RA-7" });
    await commitLoaded(s, loadedFile([row(2, "Caio Prado Filho", { codigoAluno: " ra-7 " })]), "upsert");
    expect((await links(s.tenantId))[0].aluno_id).toBe(ra);
  });

  test("a code that names no student is a warning with its line, and the row stays unlinked", async () => {
    const { s } = await homonyms();
    const file = loadedFile([row(2, "Rui Barbosa"), row(3, "Maria Eduarda Silva", { codigoAluno: "999999" })]);
    const preview = await previewLoaded(s, file, "upsert");
    const warning = { line: 3, reason: "Código do aluno “999999” não corresponde a nenhum aluno da escola: o registro fica sem vínculo." };
    expect(preview.warnings).toEqual([warning]);
    expect(preview.counts.warnings).toBe(1);
    const report = await commitLoaded(s, file, "upsert");
    expect(report.warnings).toEqual([warning]);
    expect((await links(s.tenantId)).map((r) => r.aluno_id)).toEqual([null, null]);
    const [batch] = await q<{ warnings: number }>(t.db, sql`select warnings from import_batches where id = ${report.batchId}`);
    expect(batch.warnings).toBe(1);
  });

  test("without a code, a name one student carries links the row; homonyms leave it unlinked", async () => {
    const { s } = await homonyms();
    const only = await makeAluno(t.db, s.tenantId, { nome: "Heitor Nascimento" });
    await commitLoaded(s, loadedFile([row(2, "HEITOR NASCIMENTO"), row(3, "Maria Eduarda Silva")]), "upsert");
    expect((await links(s.tenantId)).map((r) => [r.student_name, r.aluno_id])).toEqual([
      ["HEITOR NASCIMENTO", only], ["Maria Eduarda Silva", null],
    ]);
  });

  test("an existing unlinked row is linked by the next import, and a link made by hand is kept", async () => {
    const { s, a } = await homonyms();
    const only = await makeAluno(t.db, s.tenantId, { nome: "Heitor Nascimento" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Heitor Nascimento", codigo: "C2", meses: 2 });
    const chosen = await makeInadimplente(t.db, s.tenantId, { studentName: "Maria Eduarda Silva", codigo: "C3", meses: 2 });
    await linkInadimplente(s, chosen, a);
    const report = await commitLoaded(s, loadedFile([row(2, "Heitor Nascimento"), row(3, "Maria Eduarda Silva")]), "upsert");
    expect(report.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await links(s.tenantId)).map((r) => r.aluno_id)).toEqual([only, a]);
  });

  test("undo takes the import's links back with the rest", async () => {
    const { s, a } = await homonyms();
    const existing = await makeInadimplente(t.db, s.tenantId, { studentName: "Maria Eduarda Silva", codigo: "C2", meses: 2 });
    const report = await commitLoaded(s, loadedFile([row(2, "Maria Eduarda Silva", { codigoAluno: "000101" })]), "upsert");
    expect(report.counts.updated).toBe(1);
    expect((await links(s.tenantId))[0].aluno_id).toBe(a);
    await undoImport(s, report.batchId);
    expect(await q(t.db, sql`select codigo_aluno, aluno_id from inadimplentes where id = ${existing}`))
      .toEqual([{ codigo_aluno: null, aluno_id: null }]);
  });
});

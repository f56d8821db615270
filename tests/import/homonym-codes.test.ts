import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { loadImportFile } from "@/lib/inadimplencia/import/load-file";
import type { LoadedFile } from "@/lib/inadimplencia/import/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { checkOneOf, makeSchool } from "../inadimplencia/support";

// Issue 16: two students of one name who both owe. A finance file without a
// guardian column but with the student's code has two rows of one name; they
// are two debts, not a repeated line, and both students must be blocked.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.close());

function csv(lines: string[]): LoadedFile {
  const bytes = new TextEncoder().encode(["Aluno;RA;Meses", ...lines].join("\r\n") + "\r\n");
  const loaded = loadImportFile({ name: "inadimplentes.csv", bytes });
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded;
}

async function twins() {
  const s = await makeSchool(t.db, {}, ["financeiro"]);
  const a = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda Silva", matricula: "000101" });
  const b = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda Silva", matricula: "000102" });
  return { s, a, b };
}

const activeRows = (tenantId: string) => q<{ codigo_aluno: string; aluno_id: string; meses_inadim: number }>(t.db,
  sql`select codigo_aluno, aluno_id, meses_inadim from inadimplentes where tenant_id = ${tenantId} and is_active
    order by codigo_aluno`);

test("two rows of one name with different codes are two debts: both stored, both linked, both students blocked", async () => {
  const { s, a, b } = await twins();
  const file = csv(["Maria Eduarda Silva;000101;2", "Maria Eduarda Silva;000102;5"]);
  expect(file.warnings).toEqual([]);
  const preview = await previewLoaded(s, file, "replace");
  expect(preview.counts).toMatchObject({ total: 2, new: 2, matchOne: 2, warnings: 0 });
  const done = await commitLoaded(s, file, "replace");
  expect(done.counts).toMatchObject({ inserted: 2, updated: 0, warnings: 0 });
  expect(await activeRows(s.tenantId)).toEqual([
    { codigo_aluno: "000101", aluno_id: a, meses_inadim: 2 },
    { codigo_aluno: "000102", aluno_id: b, meses_inadim: 5 },
  ]);
  expect((await checkOneOf(s, a))?.isInadimplente).toBe(true);
  expect((await checkOneOf(s, b))?.isInadimplente).toBe(true);

  const again = await commitLoaded(s, file, "replace");
  expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, deactivated: 0 });

  // The next month only one of them still owes: replace mode frees the other one alone.
  const paid = await commitLoaded(s, csv(["Maria Eduarda Silva;000101;3"]), "replace");
  expect(paid.counts).toMatchObject({ inserted: 0, updated: 1, deactivated: 1 });
  expect((await checkOneOf(s, a))?.isInadimplente).toBe(true);
  expect((await checkOneOf(s, b))?.isInadimplente).toBe(false);
});

test("the same code twice is still a repeated line: the later one wins, with a warning", async () => {
  const { s, a } = await twins();
  const file = csv(["Maria Eduarda Silva;000101;2", "maria eduarda silva; 000101 ;4"]);
  expect(file.warnings).toEqual([{
    line: 2,
    reason: "Linha repetida: substituída pela linha 3 (mesmo aluno, responsável, escola e código do aluno).",
  }]);
  await commitLoaded(s, file, "upsert");
  expect(await activeRows(s.tenantId)).toEqual([{ codigo_aluno: "000101", aluno_id: a, meses_inadim: 4 }]);
});

test("replace mode keeps the row of a homonym whose line is invalid this time", async () => {
  const { s, a, b } = await twins();
  await commitLoaded(s, csv(["Maria Eduarda Silva;000101;2", "Maria Eduarda Silva;000102;5"]), "replace");
  const broken = csv(["Maria Eduarda Silva;000101;2", "Maria Eduarda Silva;000102;cinco"]);
  expect(broken.invalid.map((r) => r.line)).toEqual([3]);
  const preview = await previewLoaded(s, broken, "replace");
  expect(preview.counts.toDeactivate).toBe(0);
  await commitLoaded(s, broken, "replace");
  expect((await checkOneOf(s, a))?.isInadimplente).toBe(true);
  expect((await checkOneOf(s, b))?.isInadimplente).toBe(true);
});

test("the database holds one active row per name, guardian, school and code", async () => {
  const { s } = await twins();
  await commitLoaded(s, csv(["Maria Eduarda Silva;000101;2"]), "upsert");
  const insert = (code: string) => t.db.execute(sql`insert into inadimplentes (tenant_id, student_name, codigo_aluno, source)
    values (${s.tenantId}, 'MARIA EDUARDA SILVA', ${code}, 'manual')`);
  await expect(insert(" 000101")).rejects.toThrow();
  await expect(insert("000102")).resolves.toBeDefined();
});

test("a row the list holds without a code is taken over by the file's first line with a code, not doubled", async () => {
  const { s, a, b } = await twins();
  const typed = await makeInadimplente(t.db, s.tenantId, { studentName: "Maria Eduarda Silva", meses: 1 });
  // By name, the row blocks both homonyms.
  expect((await checkOneOf(s, b))?.isInadimplente).toBe(true);
  const file = csv(["Maria Eduarda Silva;000101;2", "Maria Eduarda Silva;000102;5"]);
  const preview = await previewLoaded(s, file, "replace");
  expect(preview.counts).toMatchObject({ new: 1, updated: 1, toDeactivate: 0 });
  expect(preview.effect).toMatchObject({ blocks: 2, unblocks: 0 });
  const done = await commitLoaded(s, file, "replace");
  expect(done.counts).toMatchObject({ inserted: 1, updated: 1, deactivated: 0 });
  const rows = await q<{ id: string; codigo_aluno: string; aluno_id: string }>(t.db, sql`select id, codigo_aluno, aluno_id
    from inadimplentes where tenant_id = ${s.tenantId} and is_active order by codigo_aluno`);
  expect(rows).toEqual([
    { id: typed, codigo_aluno: "000101", aluno_id: a },
    { id: expect.any(String), codigo_aluno: "000102", aluno_id: b },
  ]);
  const [audit] = await q<{ action: string }>(t.db, sql`select action from inadimplentes_audit
    where inadimplente_id = ${typed} and batch_id = ${done.batchId}`);
  expect(audit).toBeDefined();
});

test("with one code, the row without a code stops blocking the other homonym; the preview said so", async () => {
  const { s, a, b } = await twins();
  await makeInadimplente(t.db, s.tenantId, { studentName: "Maria Eduarda Silva", meses: 1 });
  const file = csv(["Maria Eduarda Silva;000101;2"]);
  const preview = await previewLoaded(s, file, "upsert");
  expect(preview.counts).toMatchObject({ new: 0, updated: 1 });
  expect(preview.effect).toMatchObject({ blocks: 1, unblocks: 1 });
  const done = await commitLoaded(s, file, "upsert");
  expect(done.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
  expect((await checkOneOf(s, a))?.isInadimplente).toBe(true);
  expect((await checkOneOf(s, b))?.isInadimplente).toBe(false);
});

test("homonyms with no matrícula are told apart in the preview by their class", async () => {
  const s = await makeSchool(t.db, {}, ["financeiro"]);
  const a = await makeAluno(t.db, s.tenantId, { nome: "Vitor Hugo da Silva", turma: "2A HUM" });
  const b = await makeAluno(t.db, s.tenantId, { nome: "Vitor Hugo da Silva", turma: "3A AGRO" });
  const bytes = new TextEncoder().encode("Aluno;Meses\r\nVITOR HUGO DA SILVA;4\r\n");
  const loaded = loadImportFile({ name: "lista.csv", bytes });
  if (!loaded.ok) throw new Error(loaded.error);
  const [row] = (await previewLoaded(s, loaded, "upsert")).rows;
  expect(row.match.kind === "many" && row.match.candidates.map((c) => [c.id, c.turma]).sort())
    .toEqual([[a, "2A HUM"], [b, "3A AGRO"]].sort());
});

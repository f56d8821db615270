import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import type { ImportMode } from "@/lib/import/types";
import type { RosterMapping } from "@/lib/people/roster/load";
import { previewRoster } from "@/lib/people/roster/preview";
import type { RosterPreview, RosterPreviewResult } from "@/lib/people/roster/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno } from "../helpers/fixtures";
import { rosterSchool } from "./support";

// Each file of tests/roster/corpus previewed against one seeded school, with
// what the preview must say. Nothing is written by a preview, so one school serves all.

const CORPUS = path.resolve(process.cwd(), "tests/roster/corpus");

let t: TestDb;
let s: TenantSession;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  s = await rosterSchool(t.db);
  ids.ana = await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", matricula: "000101", serie: "5º ano", unidade: "Centro" });
  await t.db.execute(sql`update alunos set cpf = '52998224725', data_nascimento = '2015-03-05' where id = ${ids.ana}`);
  ids.bruno = await makeAluno(t.db, s.tenantId, { nome: "Bruno Lima", matricula: "000102", serie: "6º ano" });
  ids.joao = await makeAluno(t.db, s.tenantId, { nome: "João Silva", matricula: null });
  ids.maria = await makeAluno(t.db, s.tenantId, { nome: "Maria Santos", matricula: "000300", serie: "6º ano" });
  await t.db.execute(sql`update alunos set data_nascimento = '2012-01-01' where id = ${ids.maria}`);
  ids.pedro = await makeAluno(t.db, s.tenantId, { nome: "Pedro Alves", matricula: "000400" });
  ids.gone = await makeAluno(t.db, s.tenantId, { nome: "Rita Antiga", matricula: "000401", status: "transferido" });
});
afterAll(() => t.close());

let snapshot: unknown;
beforeEach(async () => {
  snapshot = (await t.db.execute(sql`select * from alunos order by id`));
});

async function run(file: string, mode: ImportMode = "upsert", mapping?: RosterMapping): Promise<RosterPreviewResult> {
  const bytes = new Uint8Array(readFileSync(path.join(CORPUS, file)));
  const result = await previewRoster(s, { name: file, bytes }, { mode, mapping });
  // A preview never writes.
  expect(await t.db.execute(sql`select * from alunos order by id`)).toEqual(snapshot);
  return result;
}

function ok(r: RosterPreviewResult): RosterPreview {
  if (!r.ok) throw new Error(`expected a preview, got: ${r.error}`);
  return r;
}

const lines = (items: { line: number }[]) => items.map((i) => i.line);
const newNames = (p: RosterPreview) => p.rows.flatMap((r) => (r.kind === "new" ? [r.nome] : []));

test("excel-ptbr-1252.csv: windows-1252 and `;`, accents intact; one student updated, four new", async () => {
  const p = ok(await run("excel-ptbr-1252.csv"));
  expect([p.encoding, p.delimiter]).toEqual(["windows-1252", ";"]);
  expect(p.counts).toMatchObject({ new: 4, updated: 1, unchanged: 0, invalid: 0, ambiguous: 0 });
  expect(newNames(p)).toEqual(["João Conceição", "Lúcia São Paulo", "Ênio D’Ávila", "Çaíque Müller"]);
  const ana = p.rows.find((r) => r.kind === "updated");
  expect(ana).toMatchObject({ student: { id: ids.ana } });
  expect(ana?.kind === "updated" && ana.changes.map((c) => [c.field, c.before, c.after])).toEqual([
    ["responsavelNome", null, "Maria Souza"], ["responsavelTelefone", null, "(11) 98888-0001"],
    ["serie", "5º ano", "6º ano"], ["turma", null, "6A"],
  ]);
});

test("utf8-bom-comma.csv: BOM and `,`, a quoted name with a comma", async () => {
  const p = ok(await run("utf8-bom-comma.csv"));
  expect([p.encoding, p.delimiter]).toEqual(["utf-8", ","]);
  expect(newNames(p)).toEqual(["Rafael Torres", "Sofia Mendes", "Oliveira, Tiago"]);
});

test("utf16le-tab-lowercase-codes.csv: Excel's Unicode text, header aliases, codes upper-cased with zeros kept", async () => {
  const p = ok(await run("utf16le-tab-lowercase-codes.csv"));
  expect([p.encoding, p.delimiter]).toEqual(["utf-16le", "\t"]);
  expect(p.rows.map((r) => r.kind === "new" && [r.matricula, r.nome, r.serie])).toEqual([
    ["RA-0012", "Álvaro Gil", "6º ano"], ["00015", "Beatriz Gil", "7º ano"],
  ]);
});

test("duplicated-codes.csv: the second row with one code is refused", async () => {
  const p = ok(await run("duplicated-codes.csv"));
  expect(p.invalid).toEqual([{ line: 3, reason: "Matrícula 000221 repetida no arquivo (já na linha 2)." }]);
  expect(newNames(p)).toEqual(["Caio Prado"]);
});

test("code-of-another-student.csv: another person with the code is refused; a spelling change is shown", async () => {
  const p = ok(await run("code-of-another-student.csv"));
  // Ana has a birth date; the row's differs, and so does the name.
  expect(p.invalid).toEqual([{
    line: 2,
    reason: "A matrícula 000101 é de Ana Souza nesta escola; a linha traz outro aluno (nome e data de nascimento diferentes).",
  }]);
  expect(p.rows).toMatchObject([{ kind: "updated", line: 3, changes: [{ field: "nome", before: "Bruno Lima", after: "Bruno Lima Filho" }] }]);
});

test("invalid-and-duplicated-cpfs.csv: check digits, letters, repeated digits and a CPF repeated in the file", async () => {
  const p = ok(await run("invalid-and-duplicated-cpfs.csv"));
  expect(p.invalid).toEqual([
    { line: 2, reason: "CPF inválido: “123.456.789-00”." },
    { line: 3, reason: "CPF inválido: “abc.def.ghi-jk”." },
    { line: 5, reason: "CPF repetido no arquivo (já na linha 4)." },
    { line: 6, reason: "CPF inválido: “111.111.111-11”." },
  ]);
  expect(newNames(p)).toEqual(["Gabi Ramos"]);
});

test("three-date-forms.csv: dd/mm/aaaa, aaaa-mm-dd and Excel's day number are one date; others refused", async () => {
  const p = ok(await run("three-date-forms.csv"));
  expect(p.counts.new).toBe(3);
  expect(p.invalid).toEqual([
    { line: 5, reason: "Data de nascimento inexistente: “31/02/2015”." },
    { line: 6, reason: "Data de nascimento inválida: “05/03/15”. Use dd/mm/aaaa ou aaaa-mm-dd." },
  ]);
});

test("unknown-series.csv: séries off the school's ladder are refused, spelled variants accepted", async () => {
  const p = ok(await run("unknown-series.csv"));
  expect(lines(p.invalid)).toEqual([2, 3]);
  expect(p.invalid[0].reason).toBe("Série desconhecida: “5ª série”. Use uma das séries da escola (Maternal a 3ª série EM).");
  expect(p.rows).toMatchObject([{ kind: "new", nome: "Quim Reis", serie: "1ª série EM" }]);
});

test("homonyms.csv: a namesake without code or birth date is ambiguous; one with another code and birth date is new", async () => {
  const p = ok(await run("homonyms.csv"));
  expect(p.rows.map((r) => [r.line, r.kind])).toEqual([[2, "ambiguous"], [4, "updated"], [3, "new"]]);
  expect(p.rows[0]).toMatchObject({ candidates: [{ id: ids.joao, nome: "João Silva", matricula: null }] });
});

test("situacao-in-words.csv: the words and their forms, an unknown one refused", async () => {
  const p = ok(await run("situacao-in-words.csv"));
  expect(p.invalid).toEqual([
    { line: 7, reason: "Situação desconhecida: “Evadido”. Use ativo, inativo, transferido ou concluinte." },
  ]);
  expect(p.counts.new).toBe(5);
});

test("roster-completo.csv in roster completo mode: exactly the absent ativo students become inativo", async () => {
  const p = ok(await run("roster-completo.csv", "replace"));
  // João's row is ambiguous, so João is spared; Rita is transferida, so not ativo.
  expect(p.toDeactivate.map((d) => d.id)).toEqual([ids.pedro]);
  expect(p.counts).toMatchObject({ new: 1, ambiguous: 1, toDeactivate: 1 });
});

test("unknown-unidade.csv: a unidade the school does not have is refused; case does not matter", async () => {
  const p = ok(await run("unknown-unidade.csv"));
  expect(p.invalid).toEqual([{ line: 2, reason: "Unidade desconhecida: “Sul”. Unidades da escola: Centro, Norte." }]);
  expect(newNames(p)).toEqual(["Zeca Lima"]);
});

test("misaligned-row.csv: a row shifted by an unquoted delimiter is refused", async () => {
  const p = ok(await run("misaligned-row.csv"));
  expect(p.invalid).toEqual([{
    line: 3, reason: "A linha tem 12 campos, mas o cabeçalho tem 11. Algum valor contém o separador sem estar entre aspas?",
  }]);
});

test("empty.csv, header-only.csv and roster.xlsx: the whole file is refused with what to do", async () => {
  expect(await run("empty.csv")).toEqual({ ok: false, error: "O arquivo está vazio." });
  expect(await run("header-only.csv")).toEqual({ ok: false, error: "O arquivo tem só o cabeçalho, sem nenhuma linha de dados." });
  expect(await run("roster.xlsx")).toMatchObject({ ok: false, error: expect.stringContaining("planilha") });
});

test("list-file-instead.csv: a file of another kind asks for its columns instead of importing anything", async () => {
  const r = await run("list-file-instead.csv");
  expect(r).toMatchObject({ ok: false, needsMapping: true });
  expect(r.ok ? null : r.error).toContain("Nenhuma coluna do cabeçalho foi reconhecida");
});

test("situacao-matriculado.csv (a real list: Matrícula;Nome;Situação): MATRICULADO is ativo, codes of 8 and 12 digits kept", async () => {
  const p = ok(await run("situacao-matriculado.csv"));
  expect(p.mapping).toEqual({ matricula: 0, nome: 1, status: 2 });
  expect(p.counts).toMatchObject({ new: 12, invalid: 0, warnings: 0 });
  expect(p.rows.find((r) => r.line === 9)).toMatchObject({ kind: "new", matricula: "10560329", nome: "GABRIEL JESUS DE CARVALHO" });
});

test("plural-header-empty-rows.csv (a real school's sheet: ALUNOS;TURMA;VALOR…, 20 unnamed columns, 960 rows of `;`): 33 students, nothing else", async () => {
  const p = ok(await run("plural-header-empty-rows.csv"));
  expect(p.mapping).toEqual({ nome: 0, turma: 1 });
  expect(p.counts).toMatchObject({ new: 33, invalid: 0, warnings: 0 });
  expect(p.rows.at(-1)).toMatchObject({ kind: "new", line: 34, nome: "ALUNO_28", turma: "T_3" });
});

test("damaged-first-line.csv (a real list whose first line is binary debris): that line is refused, not a student named “��”", async () => {
  const p = ok(await run("damaged-first-line.csv", "upsert", { nome: 1, matricula: 2 }));
  expect(p.invalid[0]).toEqual({
    line: 1,
    reason: "Nome do aluno com caracteres ilegíveis (�): “��”. O arquivo pode estar danificado ou ter sido convertido " +
      "com outra codificação; corrija o nome na planilha.",
  });
  // The seeded school has a João Silva without a code: the same student or a homonym, a person decides.
  expect(newNames(p)).toEqual(["Ana Carvalho", "Maria Oliveira", "Larissa Lima", "Barbara Paiva"]);
  expect(p.rows.find((r) => r.line === 3)).toMatchObject({ kind: "ambiguous", nome: "João Silva" });
});

test("headerless-student-list.csv (a real list, number and name): the mapping step, then all 70 students, the first included", async () => {
  const asked = await run("headerless-student-list.csv");
  expect(asked).toMatchObject({ ok: false, needsMapping: true, headers: ["Coluna 1: “1”", "Coluna 2: “Isadora Lemes Ferreira de Barr…”"] });
  const p = ok(await run("headerless-student-list.csv", "upsert", { matricula: 0, nome: 1 }));
  expect(p.counts).toMatchObject({ new: 70, invalid: 0 });
  expect(p.rows[0]).toMatchObject({ kind: "new", line: 1, matricula: "1", nome: "Isadora Lemes Ferreira de Barros" });
});


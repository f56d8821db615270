import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { PREVIEW_ROW_CAP } from "@/lib/inadimplencia/import/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";
import { loadedFile, row, snapshot } from "./support";

let t: TestDb;
let finance: TenantSession;

beforeAll(async () => {
  t = await createTestDb();
  finance = await makeSchool(t.db, {}, ["financeiro"]);
  const id = finance.tenantId;
  await makeAluno(t.db, id, { nome: "Maria Eduarda Conceição" });
  await makeAluno(t.db, id, { nome: "João Pedro Almeida" });
  await makeAluno(t.db, id, { nome: "João Pedro Almeida" });
  const ana = await makeAluno(t.db, id, { nome: "Ana Beatriz Souza" });
  // Already linked to her only student, as an import leaves such a row.
  await makeInadimplente(t.db, id, { studentName: "Ana Beatriz Souza", codigo: "C3", meses: 2, alunoId: ana });
  await makeInadimplente(t.db, id, { studentName: "Carlos Henrique Dias", codigo: "C9", meses: 4 });
  await makeInadimplente(t.db, id, { studentName: "Paula Regina Faria", codigo: "C8", meses: 1 });
});
afterAll(() => t.close());

describe("previewImport", () => {
  const file = loadedFile([
    row(2, "Maria Eduarda Conceiçao"), // typo: the cedilla-less ending is normalised, it matches
    row(3, "Ana Beatriz Souza", { codigoInadim: "C3", mesesInadim: 2 }), // identical to the list: unchanged
    row(4, "Joao Pedro Almeida"), // two students with this name
    row(5, "Carlos Henrique Diaz", { codigoInadim: "C9", mesesInadim: 4 }), // typo: no student, new row
    row(6, "Paula Regina Faria", { codigoInadim: "C8", mesesInadim: 5 }), // months changed: updated
    row(7, "Marya Eduarda Conceicao"), // a typo: no match, but a suggestion
  ]);

  test("counts new, updated, unchanged and the reconciliation, problem rows first", async () => {
    const p = await previewLoaded(finance, file, "upsert");
    expect(p.counts).toEqual({
      total: 6, new: 4, updated: 1, unchanged: 1, toDeactivate: 0, invalid: 0, warnings: 0,
      matchNone: 3, matchOne: 2, matchMany: 1,
    });
    expect(p.rows.map((r) => [r.line, r.match.kind, r.action])).toEqual([
      [5, "none", "new"], [6, "none", "updated"], [7, "none", "new"],
      [4, "many", "new"],
      [2, "one", "new"], [3, "one", "unchanged"],
    ]);
    const many = p.rows.find((r) => r.line === 4)?.match;
    expect(many?.kind === "many" && [many.count, many.candidates.map((c) => c.nome)])
      .toEqual([2, ["João Pedro Almeida", "João Pedro Almeida"]]);
    const one = p.rows.find((r) => r.line === 2)?.match;
    expect(one).toMatchObject({ kind: "one", nome: "Maria Eduarda Conceição" });
  });

  test("a name typed with a typo gets the right student as a suggestion, never as a match", async () => {
    const p = await previewLoaded(finance, file, "upsert");
    const typo = p.rows.find((r) => r.line === 7);
    expect(typo?.match.kind === "none" && typo.match.suggestions?.map((a) => a.nome)).toEqual(["Maria Eduarda Conceição"]);
  });

  test("replace mode announces the active rows absent from the file", async () => {
    const p = await previewLoaded(finance, file, "replace");
    expect(p.counts.toDeactivate).toBe(1);
    expect(p.toDeactivate.map((r) => r.studentName)).toEqual(["Carlos Henrique Dias"]);
  });

  test("writes nothing: the list, its audit and the batches stay as they were", async () => {
    const before = await snapshot(t.db, finance.tenantId);
    await previewLoaded(finance, file, "replace");
    expect(await snapshot(t.db, finance.tenantId)).toEqual(before);
  });

  test("rows duplicated in the file count once, the later line wins", async () => {
    const p = await previewLoaded(finance, loadedFile([
      row(2, "ANA  BEATRIZ SOUZA", { mesesInadim: 9 }),
      row(3, "Ana Beatriz Souza", { codigoInadim: "C3", mesesInadim: 2 }),
    ]), "upsert");
    expect(p.counts.total).toBe(1);
    expect(p.rows[0]).toMatchObject({ line: 3, action: "unchanged" });
  });

  test("a big file is counted whole but its rows are capped", async () => {
    const rows = Array.from({ length: PREVIEW_ROW_CAP + 10 }, (_, i) => row(i + 2, `Aluno Teste ${i}`));
    const p = await previewLoaded(finance, loadedFile(rows), "upsert");
    expect(p.counts.total).toBe(PREVIEW_ROW_CAP + 10);
    expect(p.rows).toHaveLength(PREVIEW_ROW_CAP);
    expect(p.rowsTruncated).toBe(true);
  });
});

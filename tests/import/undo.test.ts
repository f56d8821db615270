import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openPostgres } from "@/db/client";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { undoImport } from "@/lib/inadimplencia/import/undo";
import { linkInadimplente } from "@/lib/inadimplencia/link";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";
import { activeNames, holdImportLock, loadedFile, row, snapshot } from "./support";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const school = () => makeSchool(t.db, {}, ["financeiro"]);

/** The list as it matters to the check and to finance: who is active, with what. */
async function business(tenantId: string) {
  return (await snapshot(t.db, tenantId)).list;
}

describe("undoImport", () => {
  test("restores exactly the state before the batch", async () => {
    const s = await school();
    await makeInadimplente(t.db, s.tenantId, { studentName: "Bruno Lima", codigo: "C3", meses: 1 });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Caio Reis", codigo: "C4", meses: 6 });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Dora Paz", codigo: "C5", meses: 2 });
    const before = await business(s.tenantId);
    const file = loadedFile([row(2, "Alice Prado"), row(3, "Bruno Lima", { mesesInadim: 8 }), row(5, "Dora Paz", { codigoInadim: "C5" })]);
    const report = await commitLoaded(s, file, "replace");
    expect(report.counts).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, deactivated: 1 });

    const result = await undoImport(s, report.batchId);
    expect(result).toEqual({ batchId: report.batchId, removed: 1, restored: 2 });
    const after = await business(s.tenantId);
    // Every row that existed is back as it was; the row the batch added is soft-deleted.
    expect(after.filter((r) => before.some((b) => b.id === r.id))).toEqual(before);
    const added = after.filter((r) => !before.some((b) => b.id === r.id));
    expect(added).toMatchObject([{ student_name: "Alice Prado", is_active: false, deleted_reason: "Importação desfeita" }]);
    expect(await activeNames(t.db, s.tenantId)).toEqual(["Bruno Lima", "Caio Reis", "Dora Paz"]);

    const [batch] = await q<{ undone_by: string; undone: boolean }>(t.db, sql`select undone_by, undone_at is not null as undone
      from import_batches where id = ${report.batchId}`);
    expect(batch).toEqual({ undone_by: s.userId, undone: true });
    const actions = await q<{ action: string }>(t.db, sql`select distinct action from inadimplentes_audit
      where batch_id = ${report.batchId} order by action`);
    expect(actions.map((a) => a.action)).toEqual(["import", "import_undo"]);
  });

  test("refused when a row changed after the batch, naming it; nothing is undone", async () => {
    const s = await school();
    const report = await commitLoaded(s, loadedFile([row(2, "Alice Prado"), row(3, "Bruno Lima")]), "upsert");
    await t.db.execute(sql`update inadimplentes set meses_inadim = 11
      where tenant_id = ${s.tenantId} and student_name = 'Bruno Lima'`);
    const before = await snapshot(t.db, s.tenantId);
    const err = await undoImport(s, report.batchId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect((err as Error).message).toContain("Bruno Lima");
    expect((err as Error).message).not.toContain("Alice Prado");
    expect(await snapshot(t.db, s.tenantId)).toEqual(before);
  });

  test("refused when a row was linked to a student by hand after the batch", async () => {
    const s = await school();
    // Not Bruno Lima's name: the import itself links nobody, the person does.
    const alunoId = await makeAluno(t.db, s.tenantId, { nome: "Bruno Lima Prado" });
    const report = await commitLoaded(s, loadedFile([row(2, "Alice Prado"), row(3, "Bruno Lima")]), "upsert");
    const [listed] = await q<{ id: string }>(t.db, sql`select id from inadimplentes
      where tenant_id = ${s.tenantId} and student_name = 'Bruno Lima'`);
    await linkInadimplente(s, listed.id, alunoId);
    const before = await snapshot(t.db, s.tenantId);
    const err = await undoImport(s, report.batchId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect((err as Error).message).toContain("Bruno Lima");
    expect(await snapshot(t.db, s.tenantId)).toEqual(before);
  });

  test("a later import that changed nothing does not block the undo", async () => {
    const s = await school();
    const file = loadedFile([row(2, "Alice Prado")]);
    const first = await commitLoaded(s, file, "upsert");
    await commitLoaded(s, file, "upsert");
    await undoImport(s, first.batchId);
    expect(await activeNames(t.db, s.tenantId)).toEqual([]);
  });

  test("refused when already undone", async () => {
    const s = await school();
    const report = await commitLoaded(s, loadedFile([row(2, "Alice Prado")]), "upsert");
    await undoImport(s, report.batchId);
    await expect(undoImport(s, report.batchId)).rejects.toMatchObject({
      code: "CONFLICT", message: "Esta importação já foi desfeita.",
    });
  });

  test("refused when a deactivated student came back on the list since", async () => {
    const s = await school();
    await makeInadimplente(t.db, s.tenantId, { studentName: "Caio Reis" });
    const replace = await commitLoaded(s, loadedFile([row(2, "Alice Prado")]), "replace");
    await commitLoaded(s, loadedFile([row(2, "Caio Reis")]), "upsert");
    const before = await snapshot(t.db, s.tenantId);
    await expect(undoImport(s, replace.batchId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await snapshot(t.db, s.tenantId)).toEqual(before);
  });

  test("a malformed or unknown batch id is not found", async () => {
    const s = await school();
    await expect(undoImport(s, "não-é-uuid\u0000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(undoImport(s, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test.skipIf(!process.env.DATABASE_URL)("refused while an import of the same school runs", async () => {
    const s = await school();
    const report = await commitLoaded(s, loadedFile([row(2, "Alice Prado")]), "upsert");
    const other = openPostgres(t.url as string, 1);
    try {
      const lock = await holdImportLock(s, other.db);
      await expect(undoImport(s, report.batchId)).rejects.toMatchObject({ code: "CONFLICT" });
      await lock.release();
      expect(await activeNames(t.db, s.tenantId)).toEqual(["Alice Prado"]);
    } finally {
      await other.close();
    }
  });
});

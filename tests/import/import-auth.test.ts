import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import { batchErrorsCsv, getBatch, listBatches } from "@/lib/inadimplencia/import/batches";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { undoImport } from "@/lib/inadimplencia/import/undo";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";
import { snapshot } from "./support";

let t: TestDb;
let finance: TenantSession;
let secretaria: TenantSession;
let otherFinance: TenantSession;
let batchId: string;
const file = { name: "lista.csv", bytes: new TextEncoder().encode("student_name;meses_inadim\nAlice Prado;3\n") };

beforeAll(async () => {
  t = await createTestDb();
  finance = await makeSchool(t.db, {}, ["financeiro"]);
  secretaria = await makeStaff(t.db, finance.tenantId, ["secretaria"]);
  otherFinance = await makeSchool(t.db, {}, ["financeiro"]);
  const preview = await previewImport(finance, file, { mode: "upsert" });
  if (!preview.ok) throw new Error(preview.error);
  const report = await commitImport(finance, file, { mode: "upsert", expectedSha256: preview.sha256 });
  if (!report.ok) throw new Error(report.error);
  batchId = report.batchId;
});
afterAll(() => t.close());

async function unchanged(work: () => Promise<unknown>, code: string) {
  const before = [await snapshot(t.db, finance.tenantId), await snapshot(t.db, otherFinance.tenantId)];
  await expect(work()).rejects.toMatchObject({ code });
  expect([await snapshot(t.db, finance.tenantId), await snapshot(t.db, otherFinance.tenantId)]).toEqual(before);
}

describe("who may import", () => {
  test("the secretaria can neither preview, commit, read nor undo a batch", async () => {
    await unchanged(() => previewImport(secretaria, file, { mode: "replace" }), "FORBIDDEN");
    await unchanged(() => commitImport(secretaria, file, { mode: "replace", expectedSha256: "x" }), "FORBIDDEN");
    await unchanged(() => listBatches(secretaria, { page: 1 }), "FORBIDDEN");
    await unchanged(() => getBatch(secretaria, batchId), "FORBIDDEN");
    await unchanged(() => batchErrorsCsv(secretaria, batchId), "FORBIDDEN");
    await unchanged(() => undoImport(secretaria, batchId), "FORBIDDEN");
  });

  test("another school's finance user does not see the batch and cannot undo it", async () => {
    expect((await listBatches(otherFinance, { page: 1 })).items).toEqual([]);
    await unchanged(() => getBatch(otherFinance, batchId), "NOT_FOUND");
    await unchanged(() => batchErrorsCsv(otherFinance, batchId), "NOT_FOUND");
    await unchanged(() => undoImport(otherFinance, batchId), "NOT_FOUND");
  });

  test("another school's import never touches this school's list", async () => {
    const before = await snapshot(t.db, finance.tenantId);
    const preview = await previewImport(otherFinance, file, { mode: "replace" });
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.counts).toMatchObject({ new: 1, unchanged: 0, toDeactivate: 0 });
    await commitImport(otherFinance, file, { mode: "replace", expectedSha256: preview.sha256 });
    expect(await snapshot(t.db, finance.tenantId)).toEqual(before);
  });

  test("odd batch ids and pages are handled, never a database error", async () => {
    for (const id of ["", "x", "1; drop table x", "a".repeat(10_000), "\u0000", `${batchId}\u0000`]) {
      await expect(getBatch(finance, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    for (const page of [0, -1, 1e12, Number.NaN, 1.5]) {
      const p = await listBatches(finance, { page });
      expect(p.page).toBeGreaterThanOrEqual(1);
      expect(p.page).toBeLessThanOrEqual(p.pageCount);
    }
  });
});

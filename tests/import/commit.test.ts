import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openPostgres } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";
import { activeNames, holdImportLock, loadedFile, row, snapshot } from "./support";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const school = () => makeSchool(t.db, {}, ["financeiro"]);

describe("commitImport", () => {
  test("writes the file as a batch whose audit rows name it", async () => {
    const s = await school();
    await makeInadimplente(t.db, s.tenantId, { studentName: "Bruno Lima", codigo: "C3", meses: 1 });
    const report = await commitLoaded(s, loadedFile([row(2, "Alice Prado"), row(3, "Bruno Lima")], "fev.csv"), "upsert");
    expect(report.counts).toEqual({ inserted: 1, updated: 1, unchanged: 0, deactivated: 0, invalid: 0, warnings: 0 });
    const [batch] = await q<Record<string, unknown>>(t.db, sql`select file_name, mode, author, inserted, updated
      from import_batches where id = ${report.batchId}`);
    expect(batch).toEqual({ file_name: "fev.csv", mode: "upsert", author: s.userId, inserted: 1, updated: 1 });
    const audit = await q<{ action: string; batch_id: string }>(t.db, sql`select action, batch_id
      from inadimplentes_audit where tenant_id = ${s.tenantId} and batch_id is not null`);
    expect(audit).toEqual([
      { action: "import", batch_id: report.batchId },
      { action: "import", batch_id: report.batchId },
    ]);
  });

  test("the same file imported twice: the second time 0 new, 0 updated and no audit rows", async () => {
    const s = await school();
    const file = loadedFile([row(2, "Alice Prado"), row(3, "Bruno Lima", { guardian1Name: "Rita Lima" })]);
    const first = await commitLoaded(s, file, "upsert");
    expect(first.counts.inserted).toBe(2);
    const before = await snapshot(t.db, s.tenantId);
    const second = await commitLoaded(s, file, "upsert");
    expect(second.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const after = await snapshot(t.db, s.tenantId);
    expect(after.list).toEqual(before.list);
    expect(after.audit).toBe(before.audit);
  });

  test("replace mode deactivates exactly what the preview announced, with a reason naming the import", async () => {
    const s = await school();
    const keep = await makeInadimplente(t.db, s.tenantId, { studentName: "Alice Prado", codigo: "C2", meses: 2 });
    const gone1 = await makeInadimplente(t.db, s.tenantId, { studentName: "Caio Reis" });
    const gone2 = await makeInadimplente(t.db, s.tenantId, { studentName: "Alice Prado", guardian: "Outra Mãe" });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Dora Paz", active: false });
    const file = loadedFile([row(2, "Alice Prado"), row(3, "Bruno Lima")], "março.csv");
    const preview = await previewLoaded(s, file, "replace");
    const report = await commitLoaded(s, file, "replace");
    expect(report.counts.deactivated).toBe(preview.counts.toDeactivate);
    const deactivated = await q<{ id: string; deleted_reason: string }>(t.db, sql`select id, deleted_reason
      from inadimplentes where tenant_id = ${s.tenantId} and deleted_at is not null order by id`);
    expect(deactivated.map((r) => r.id).sort()).toEqual(preview.toDeactivate.map((r) => r.id).sort());
    expect(deactivated.map((r) => r.id).sort()).toEqual([gone1, gone2].sort());
    expect(deactivated[0].deleted_reason).toContain("março.csv");
    expect(deactivated[0].deleted_reason).toContain(report.batchId);
    expect(await activeNames(t.db, s.tenantId)).toEqual(["Alice Prado", "Bruno Lima"]);
    const [kept] = await q<{ is_active: boolean }>(t.db, sql`select is_active from inadimplentes where id = ${keep}`);
    expect(kept.is_active).toBe(true);
  });

  test("a failure in the middle of the commit leaves nothing behind", async () => {
    const s = await school();
    await commitLoaded(s, loadedFile([row(2, "Alice Prado")]), "upsert");
    await makeInadimplente(t.db, s.tenantId, { studentName: "Caio Reis" });
    // A real database fault at row 40 of 80: a trigger that raises for one name.
    await t.db.execute(sql.raw(`create function test_fail_import() returns trigger language plpgsql as $$
      begin if NEW.student_name = 'Falha Forçada' then raise exception 'falha forçada'; end if; return NEW; end $$`));
    await t.db.execute(sql.raw(`create trigger test_fail_import before insert or update on inadimplentes
      for each row execute function test_fail_import()`));
    try {
      const before = await snapshot(t.db, s.tenantId);
      const rows = Array.from({ length: 80 }, (_, i) => row(i + 2, i === 40 ? "Falha Forçada" : `Aluno ${i}`));
      rows.push(row(90, "Alice Prado", { mesesInadim: 7 }));
      await expect(commitLoaded(s, loadedFile(rows), "replace")).rejects.toThrow();
      expect(await snapshot(t.db, s.tenantId)).toEqual(before);
      if (t.kind === "postgres") {
        const idle = await q<{ n: number }>(t.db, sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`);
        expect(Number(idle[0].n)).toBe(0);
      }
    } finally {
      await t.db.execute(sql.raw(`drop trigger test_fail_import on inadimplentes`));
      await t.db.execute(sql.raw(`drop function test_fail_import()`));
    }
  });

  test.skipIf(!process.env.DATABASE_URL)("a second import of the same school while one runs is refused", async () => {
    const s = await school();
    const other = openPostgres(t.url as string, 2);
    try {
      const lock = await holdImportLock(s, other.db);
      await expect(commitLoaded(s, loadedFile([row(2, "Alice Prado")]), "upsert")).rejects.toMatchObject({
        code: "CONFLICT",
        message: "Outra importação desta escola está em andamento. Tente novamente em instantes.",
      });
      await lock.release();
      expect(await activeNames(t.db, s.tenantId)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test.skipIf(!process.env.DATABASE_URL)("two imports at once: serialised, never two active rows for one student", async () => {
    const s = await school();
    const other = openPostgres(t.url as string, 2);
    try {
      const file = loadedFile(Array.from({ length: 3000 }, (_, i) => row(i + 2, `Aluno Paralelo ${i}`)));
      const results = await Promise.allSettled([
        commitLoaded(s, file, "upsert"),
        withTenant(s, async () => undefined, other.db).then(() => commitLoaded(s, file, "upsert")),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r) => r.status === "rejected");
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
      const [dup] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from (
        select student_name_norm from inadimplentes where tenant_id = ${s.tenantId} and is_active
        group by student_name_norm having count(*) > 1) d`);
      expect(Number(dup.n)).toBe(0);
      expect((await activeNames(t.db, s.tenantId)).length).toBe(3000);
    } finally {
      await other.close();
    }
  });
});

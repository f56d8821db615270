import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { listBatches } from "@/lib/import/batches";
import { listBatches as listListBatches } from "@/lib/inadimplencia/import/batches";
import { commitRoster } from "@/lib/people/roster/commit";
import { previewRoster } from "@/lib/people/roster/preview";
import { undoRoster } from "@/lib/people/roster/undo";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeBatch, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { commit, csvFile, HEADER, rosterSchool, students } from "./support";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const FILE = csvFile([HEADER, "000101;Ana Souza;;;;;;5º ano;;;"]);

describe("who may import the roster", () => {
  test("the finance roles and the coordination may not preview, commit or undo", async () => {
    const s = await rosterSchool(t.db);
    const batch = await commit(s, FILE);
    for (const role of ["financeiro", "coordenador", "professor", "aluno"] as const) {
      const other = await makeStaff(t.db, s.tenantId, [role]);
      await expect(previewRoster(other, FILE, { mode: "upsert" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(commitRoster(other, FILE, { mode: "upsert", expectedSha256: "0".repeat(64) })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(undoRoster(other, batch.batchId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  test("the database refuses a secretaria's student writes outside a roster import's own transaction", async () => {
    const s = await rosterSchool(t.db);
    const id = await makeAluno(t.db, s.tenantId, { nome: "Ana Souza" });
    const old = await commit(s, csvFile([HEADER, "000201;Bia Reis;;;;;;;;;"]));
    const attempts = [
      sql`update alunos set nome = 'Outro Nome' where id = ${id}`,
      sql`insert into alunos (tenant_id, nome) values (${s.tenantId}, 'Intrusa')`,
    ];
    for (const attempt of attempts) {
      // Without a batch, and naming an earlier batch of their own: both refused.
      for (const batch of [null, old.batchId]) {
        const err = await withTenant(s, async (tx) => {
          if (batch) await tx.execute(sql`select set_config('app.import_batch', ${batch}, true)`);
          await tx.execute(attempt);
        }).catch((e: unknown) => e);
        expect(err).toBeTruthy();
      }
    }
    // Deleting a student is refused to everyone outside the undo of the batch that created them.
    const admin = await makeStaff(t.db, s.tenantId, ["admin"]);
    const deleted = await withTenant(admin, async (tx) =>
      rowsOf(await tx.execute(sql`delete from alunos where tenant_id = ${s.tenantId} returning id`)).length);
    expect(deleted).toBe(0);
    expect((await students(t.db, s.tenantId)).map((a) => a.nome)).toEqual(["Ana Souza", "Bia Reis"]);
  });

  test("each import's history is its own roles': finance sees the list's, the secretaria the roster's", async () => {
    const s = await rosterSchool(t.db);
    await commit(s, FILE);
    await makeBatch(t.db, s.tenantId, "lista.csv");
    const finance = await makeStaff(t.db, s.tenantId, ["financeiro"]);
    const admin = await makeStaff(t.db, s.tenantId, ["admin"]);
    expect((await listBatches(s, "alunos", {})).items.map((b) => b.fileName)).toEqual(["roster.csv"]);
    expect((await listListBatches(finance, {})).items.map((b) => b.fileName)).toEqual(["lista.csv"]);
    expect((await listListBatches(admin, {})).items.map((b) => b.fileName)).toEqual(["lista.csv"]);
    await expect(listBatches(finance, "alunos", {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Under RLS too: the secretaria's transaction sees no list batch, finance's no roster batch.
    const seen = async (who: typeof s) => withTenant(who, async (tx) =>
      rowsOf<{ kind: string }>(await tx.execute(sql`select distinct kind from import_batches order by kind`)).map((r) => r.kind));
    expect(await seen(s)).toEqual(["alunos"]);
    expect(await seen(finance)).toEqual(["inadimplentes"]);
    const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from import_batches where tenant_id = ${s.tenantId}`);
    expect(n).toBe(2);
  });

  test("another school's batch cannot be undone or read", async () => {
    const a = await rosterSchool(t.db);
    const b = await rosterSchool(t.db);
    const theirs = await commit(b, FILE);
    await expect(undoRoster(a, theirs.batchId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(undoRoster(a, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await students(t.db, b.tenantId)).toHaveLength(1);
  });
});

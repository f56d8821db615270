import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { withTenant } from "@/db/tenant";
import { listExports } from "@/lib/audit/exports";
import type { TenantSession } from "@/lib/auth/permissions";
import { exportInadimplentes } from "@/lib/inadimplencia/list";
import { DEFAULT_LIST_QUERY } from "@/lib/inadimplencia/list-query";
import { batchErrorsCsv } from "@/lib/inadimplencia/import/batches";
import { exportCampaignCsv } from "@/lib/rematricula/campaign-export";
import { parseCampaignQuery } from "@/lib/rematricula/campaign-query";
import { expectPgError, q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { signedIn } from "../helpers/stub-auth";
import { makeAluno, makeBatch, makeInadimplente, makeStaff, makeTenant, setFlag } from "../helpers/fixtures";

// Only the cookie step is stubbed for the route handler below.
vi.mock("@/lib/auth/config", () => import("../helpers/stub-auth"));

// Issue 15: a secretaria (no access to the list) can download the campaign
// filtered by "bloqueado" — the debtors as a file. The situação stays as the
// screen shows it, and every export is recorded: who, when, filters, rows.
let t: TestDb;
let tenantId: string;
let secretaria: TenantSession, admin: TenantSession, financeiro: TenantSession;
beforeAll(async () => {
  t = await createTestDb();
  tenantId = await makeTenant(t.db, "Escola Exportações");
  await setFlag(t.db, tenantId, "rematricula.inadimplencia.enabled", true);
  secretaria = await makeStaff(t.db, tenantId, ["secretaria"], "Secretária Exportadora");
  admin = await makeStaff(t.db, tenantId, ["admin"], "Diretora");
  financeiro = await makeStaff(t.db, tenantId, ["financeiro"], "Tesoureiro");
  for (const nome of ["Ana Devedora", "Bia Devedora", "Caio Em Dia"]) await makeAluno(t.db, tenantId, { nome });
  for (const nome of ["Ana Devedora", "Bia Devedora"]) await makeInadimplente(t.db, tenantId, { studentName: nome });
});
afterAll(async () => { await t?.close(); });

test("the campaign export of the blocked students is recorded with who, filters and rows, and shown to admins", async () => {
  await exportCampaignCsv(secretaria, parseCampaignQuery(new URLSearchParams("situacao=bloqueado")));
  const [entry] = await listExports(admin);
  expect(entry).toMatchObject({ kind: "rematricula", actorName: "Secretária Exportadora", rowCount: 2,
    filters: expect.objectContaining({ situacao: "bloqueado" }) });
  expect(Date.now() - entry.at.getTime()).toBeLessThan(60_000);
});

test("the finance list export and an import's error file are recorded too", async () => {
  await exportInadimplentes(financeiro, { ...DEFAULT_LIST_QUERY, q: "devedora" });
  const batch = await makeBatch(t.db, tenantId);
  await t.db.execute(sql`update import_batches set errors = ${JSON.stringify({ invalid: [{ line: 3, reason: "sem nome" }], warnings: [] })}::jsonb
    where id = ${batch}`);
  expect((await batchErrorsCsv(financeiro, batch)).rows).toBe(1);
  const { GET } = await import("@/app/api/import/batches/[id]/errors/route");
  signedIn.userId = financeiro.userId;
  const res = await GET(new Request(`http://escola.test/api/import/batches/${batch}/errors`), { params: Promise.resolve({ id: batch }) });
  expect(res.status).toBe(200);
  const [errors, list] = await listExports(admin);
  expect(list).toMatchObject({ kind: "inadimplentes", actorName: "Tesoureiro", rowCount: 2, filters: expect.objectContaining({ q: "informada" }) });
  expect(errors).toMatchObject({ kind: "import_errors", rowCount: 1, filters: { importacao: batch } });
});

test("only admins read the record; nobody writes it but the function, which names the request's user", async () => {
  await expect(listExports(secretaria)).rejects.toMatchObject({ code: "FORBIDDEN" });
  expect(await withTenant(secretaria, (tx) => q(tx, sql`select * from export_log`))).toEqual([]);
  await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into export_log (tenant_id, kind, actor, row_count)
    values (${tenantId}, 'rematricula', ${admin.userId}, 0)`)), "42501");
  await expectPgError(withTenant(admin, (tx) => tx.execute(sql`delete from export_log`)), "42501");
  await expectPgError(t.db.execute(sql`update export_log set row_count = 0`), "P0001");
});

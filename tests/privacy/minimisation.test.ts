import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { EXPORT_LABEL } from "@/lib/audit/exports";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { exportCampaignCsv } from "@/lib/rematricula/campaign-export";
import { parseCampaignQuery } from "@/lib/rematricula/campaign-query";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// LGPD art. 6, III (minimisation): the school keeps how many months a family
// owes, never how much; the front desk learns "bloqueado", never the detail.
let t: TestDb;
let finance: TenantSession;
beforeAll(async () => {
  t = await createTestDb();
  finance = await makeSchool(t.db, {}, ["financeiro"]);
  await makeAluno(t.db, finance.tenantId, { nome: "Otávio Devedor" });
}, 120_000);
afterAll(async () => { await t?.close(); });

test("no column of the schema can hold an amount of money", async () => {
  const suspicious = await q<{ c: string }>(t.db, sql`select table_name || '.' || column_name as c from information_schema.columns
    where table_schema = 'public' and (data_type in ('numeric', 'money', 'real', 'double precision')
      or column_name ~* '(valor|amount|saldo|montante|divida|debito|preco|price|total_devido)')`);
  expect(suspicious).toEqual([]);
});

test("a finance file with an amount column is imported without the amount anywhere", async () => {
  const csv = "codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim;Valor em aberto\n"
    + "D-77;Otávio Devedor;Rosa Devedora;Centro;17;R$ 4.321,98\n";
  const file = { name: "financeiro.csv", bytes: new TextEncoder().encode(csv) };
  const preview = await previewImport(finance, file, { mode: "upsert" });
  if (!preview.ok) throw new Error(preview.error);
  const report = await commitImport(finance, file, { mode: "upsert", expectedSha256: preview.sha256 });
  if (!report.ok) throw new Error(report.error);
  const stored = await q<{ t: string }>(t.db, sql`
    select (select coalesce(string_agg(to_jsonb(i)::text, ''), '') from inadimplentes i)
        || (select coalesce(string_agg(to_jsonb(a)::text, ''), '') from inadimplentes_audit a)
        || (select coalesce(string_agg(to_jsonb(b)::text, ''), '') from import_batches b) as t`);
  expect(stored[0].t).toContain("Otávio Devedor");
  expect(stored[0].t).not.toMatch(/4\.?321|Valor em aberto/);
});

test("the front desk's export says 'bloqueado' and nothing of the debt", async () => {
  const sec = await makeStaff(t.db, finance.tenantId, ["secretaria"], "Secretaria");
  const csv = await exportCampaignCsv(sec, parseCampaignQuery(new URLSearchParams("situacao=bloqueado")));
  expect(csv).toContain("Otávio Devedor");
  expect(csv).not.toMatch(/D-77|\b17\b|meses|Rosa Devedora;Centro;17/i);
});

test("every kind of export the code knows is one the export log accepts, and the reverse", async () => {
  const [def] = await q<{ d: string }>(t.db, sql`select pg_get_constraintdef(oid) as d from pg_constraint
    where conname = 'export_log_kind_check'`);
  const kinds = [...def.d.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
  expect(kinds).toEqual(Object.keys(EXPORT_LABEL).sort());
});

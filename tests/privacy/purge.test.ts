import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { TenantSession } from "@/lib/auth/permissions";
import { inadimplenciaStats } from "@/lib/inadimplencia/stats";
import { listTrends } from "@/lib/inadimplencia/trends";
import { softDeleteInadimplente } from "@/lib/inadimplencia/admin";
import { purgeIfDue } from "@/lib/privacy/purge-run";
import { retentionPreview, saveRetention } from "@/lib/privacy/retention";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeBatch, makeInadimplente, makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { backdateListRow, makeEvent } from "./support";

let t: TestDb;
let a: TenantSession;
let b: TenantSession;
const ids: Record<string, string> = {};

/** A list row deleted through the app (so its trail is real), then dated `months` ago. */
async function deletedRow(s: TenantSession, name: string, months: number): Promise<string> {
  const id = await makeInadimplente(t.db, s.tenantId, { studentName: name, guardian: `Resp ${name}`, escola: "Centro", meses: 4 });
  await softDeleteInadimplente(s, id, `Pago por ${name}`);
  await backdateListRow(t.db, id, months);
  return id;
}

const everything = async () => ({
  rows: await q<Record<string, unknown>>(t.db, sql`select * from inadimplentes order by id`),
  audit: await q<Record<string, unknown>>(t.db, sql`select * from inadimplentes_audit order by tenant_id, id`),
  events: await q<Record<string, unknown>>(t.db, sql`select * from rematricula_events order by id`),
  batches: await q<Record<string, unknown>>(t.db, sql`select * from import_batches order by id`),
});

const figures = async (s: TenantSession) => {
  const { bySchool, byMonths, attempts } = await inadimplenciaStats(s);
  return { bySchool, byMonths, attempts, trends: (await listTrends(s)).weeks, unidade: (await listTrends(s, "Centro")).weeks };
};

beforeAll(async () => {
  t = await createTestDb();
  a = await makeStaff(t.db, await makeTenant(t.db, "Escola A"), ["admin"]);
  b = await makeStaff(t.db, await makeTenant(t.db, "Escola B"), ["admin"]);
  // School B keeps inactive rows 6 months; A keeps the default 24.
  await saveRetention(b, { inadimplentes: 6, eventos: 24, importacoes: 12 });
  ids.aOld = await deletedRow(a, "Ana Antiga", 30);
  ids.aEdge = await deletedRow(a, "Bia Quase", 23);
  ids.aRecent = await deletedRow(a, "Caio Recente", 2);
  ids.aActive = await makeInadimplente(t.db, a.tenantId, { studentName: "Davi Ativo", escola: "Centro", meses: 9 });
  await backdateListRow(t.db, ids.aActive, 40);
  ids.bOld = await deletedRow(b, "Eva Oito", 8);
  ids.bRecent = await deletedRow(b, "Fabio Cinco", 5);
  const aluno = await makeAluno(t.db, a.tenantId, { nome: "Gil Evento", unidade: "Centro" });
  ids.evOld = await makeEvent(t.db, a.tenantId, aluno, 25);
  ids.evRecent = await makeEvent(t.db, a.tenantId, aluno, 1);
  ids.batchOld = await makeBatch(t.db, a.tenantId, "antiga.csv");
  ids.batchRecent = await makeBatch(t.db, a.tenantId, "recente.csv");
  await t.db.execute(sql`update import_batches set errors = '{"invalid":[{"line":2,"reason":"x","raw":"Hugo Erro"}]}'`);
  await t.db.execute(sql`update import_batches set created_at = now() - interval '13 months' where id = ${ids.batchOld}`);
  await t.db.execute(sql`insert into login_throttle (key, failures, window_start) values
    ('email:velho@x.demo', 3, now() - interval '40 days'), ('email:novo@x.demo', 3, now() - interval '1 day')`);
}, 120_000);

afterAll(async () => { await t?.close(); });

test("the preview counts what the next purge will anonymise, per school and period", async () => {
  expect(await retentionPreview(a)).toEqual([
    { kind: "inadimplentes", months: 24, due: 1 }, { kind: "eventos", months: 24, due: 1 }, { kind: "importacoes", months: 12, due: 1 },
    { kind: "cancelamentos", months: 24, due: 0 }, { kind: "sessoes", months: null, due: 0 },
  ]);
  expect((await retentionPreview(b)).find((r) => r.kind === "inadimplentes")).toEqual({ kind: "inadimplentes", months: 6, due: 1 });
});

test("the purge anonymises exactly the rows past their period, keeps counts and trends, and is idempotent", async () => {
  const before = await everything();
  const figuresA = await figures(a);
  const figuresB = await figures(b);
  const [run] = await q<{ run: number }>(t.db, sql`select privacy_purge_at(now(), true) as run`);
  expect(run.run).not.toBeNull();
  const after = await everything();

  const purged = new Set([ids.aOld, ids.bOld]);
  const personal = ["student_name", "student_name_norm", "guardian1_name", "guardian1_name_norm", "codigo_inadim", "deleted_reason", "anonymized_at"];
  for (const [i, row] of after.rows.entries()) {
    const was = before.rows[i];
    if (!purged.has(row.id as string)) { expect(row).toEqual(was); continue; }
    expect(row.student_name).toMatch(/^Anonimizado [0-9a-f]{8}$/);
    expect(row.guardian1_name).toBeNull();
    expect(row.codigo_inadim).toBeNull();
    expect(row.anonymized_at).not.toBeNull();
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !personal.includes(k)));
    expect(strip(row)).toEqual(strip(was));
  }
  // Every snapshot of a purged row lost the names; no other snapshot changed.
  for (const [i, entry] of after.audit.entries()) {
    if (!purged.has(entry.inadimplente_id as string)) { expect(entry).toEqual(before.audit[i]); continue; }
    const text = JSON.stringify([entry.before, entry.after]);
    expect(text).not.toMatch(/Ana Antiga|Eva Oito|Pago por|Resp /);
    expect(entry.at).toEqual(before.audit[i].at);
  }
  expect(after.audit.length).toBe(before.audit.length);
  const ev = Object.fromEntries(after.events.map((e) => [e.id, e]));
  expect(ev[ids.evOld]).toMatchObject({ aluno_id: null, codigo_inadim: null, kind: "blocked", meses_inadim: 3 });
  expect(ev[ids.evRecent]).toEqual(before.events.find((e) => e.id === ids.evRecent));
  const bt = Object.fromEntries(after.batches.map((x) => [x.id, x]));
  expect(bt[ids.batchOld]).toMatchObject({ errors: null, file_name: "antiga.csv" });
  expect(bt[ids.batchRecent].errors).not.toBeNull();
  expect((await q<{ key: string }>(t.db, sql`select key from login_throttle order by key`)).map((r) => r.key)).toEqual(["email:novo@x.demo"]);

  expect(await figures(a)).toEqual(figuresA);
  expect(await figures(b)).toEqual(figuresB);

  // Recorded: the run, and per school what it did.
  const counts = await q<{ tenant_id: string; kind: string; rows: number }>(t.db, sql`
    select tenant_id, kind, rows from privacy_run_counts where run_id = ${run.run} order by tenant_id, kind`);
  expect(counts.filter((c) => c.tenant_id === a.tenantId).map((c) => [c.kind, c.rows]))
    .toEqual([["cancelamentos", 0], ["eventos", 1], ["importacoes", 1], ["inadimplentes", 1]]);
  expect(counts.filter((c) => c.tenant_id === b.tenantId && c.rows > 0).map((c) => [c.kind, c.rows])).toEqual([["inadimplentes", 1]]);
  expect((await retentionPreview(a)).every((r) => r.due === 0)).toBe(true);

  // Again: nothing left to do, nothing changes.
  const [again] = await q<{ run: number }>(t.db, sql`select privacy_purge_at(now(), true) as run`);
  expect(await everything()).toEqual(after);
  expect(await q(t.db, sql`select kind from privacy_run_counts where run_id = ${again.run} and rows > 0`)).toEqual([]);
});

test("the app role cannot anonymise a row itself, nor skip its audit that way", async () => {
  const { withTenant } = await import("@/db/tenant");
  const fin = await makeStaff(t.db, a.tenantId, ["financeiro"]);
  await expect(withTenant(fin, (tx) => tx.execute(sql`update inadimplentes set anonymized_at = now() where id = ${ids.aActive}`)))
    .rejects.toThrow();
  await expect(withTenant(fin, (tx) => tx.execute(sql`select privacy_purge_at(now() + interval '10 years', true)`))).rejects.toThrow();
});

test("instances purging at once never collide: one runs, the others step aside", async () => {
  await t.db.execute(sql`delete from privacy_run_counts`);
  await t.db.execute(sql`delete from privacy_runs`);
  const runs = await Promise.all([purgeIfDue(), purgeIfDue(), purgeIfDue()]);
  expect(runs.filter((r) => r !== null)).toHaveLength(1);
  // Daily: a later call the same day does nothing.
  expect(await purgeIfDue()).toBeNull();
  if (!t.url) return;
  // Two connections, the first holding its run open while the second asks.
  const one = postgres(t.url, { max: 1, onnotice: () => {} });
  const two = postgres(t.url, { max: 1, onnotice: () => {} });
  try {
    await one.begin(async (x) => {
      const [first] = await x`select privacy_purge_at(now(), true) as run`;
      expect(first.run).not.toBeNull();
      const [second] = await two`select privacy_purge_at(now(), true) as run`;
      expect(second.run).toBeNull();
    });
  } finally {
    await one.end();
    await two.end();
  }
});

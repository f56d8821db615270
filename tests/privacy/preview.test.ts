import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { softDeleteInadimplente } from "@/lib/inadimplencia/admin";
import { retentionPreview } from "@/lib/privacy/retention";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeBatch, makeInadimplente, makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { backdateListRow, makeEvent } from "./support";

// The purge's preview on /admin/privacidade reads the purge's own selections
// (privacy_due, privacy_due_sessions): what it announces is what the next run does.

let t: TestDb;
let a: TenantSession;
let b: TenantSession;

/** Per school: one item of each kind past its period and one within it; `sessions` expired member sessions. */
async function stock(s: TenantSession, sessions: number): Promise<void> {
  for (const months of [30, 2]) {
    const row = await makeInadimplente(t.db, s.tenantId, { studentName: `Lia ${months}`, escola: "Centro" });
    await softDeleteInadimplente(s, row, "Pago");
    await backdateListRow(t.db, row, months);
  }
  const aluno = await makeAluno(t.db, s.tenantId, { nome: "Téo Saiu", status: "inativo" });
  await makeEvent(t.db, s.tenantId, aluno, 25);
  await makeEvent(t.db, s.tenantId, aluno, 1);
  for (const months of [13, 1]) {
    const batch = await makeBatch(t.db, s.tenantId);
    await t.db.execute(sql`update import_batches set created_at = now() - ${`${months} months`}::interval where id = ${batch}`);
  }
  // Cancellations as the owner writes them (no request's user: the trigger keeps them as written).
  for (const [year, months] of [[2025, 25], [2026, 2]]) {
    await t.db.execute(sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo, status, cancel_reason, cancelled_at)
      values (${s.tenantId}, ${aluno}, ${year}, 'cancelada', 'A família mudou de cidade', now() - ${`${months} months`}::interval)`);
  }
  for (let i = 0; i < sessions; i++) {
    await t.db.execute(sql`insert into user_sessions (user_id, created_at, expires_at)
      values (${s.userId}, now() - interval '80 days', now() - interval '50 days')`);
  }
  await t.db.execute(sql`insert into user_sessions (user_id, created_at, expires_at)
    values (${s.userId}, now() - interval '40 days', now() - interval '10 days')`);
}

beforeAll(async () => {
  t = await createTestDb();
  a = await makeStaff(t.db, await makeTenant(t.db, "Escola A"), ["admin"]);
  b = await makeStaff(t.db, await makeTenant(t.db, "Escola B"), ["admin"]);
  await stock(a, 2);
  await stock(b, 1);
}, 120_000);

afterAll(async () => { await t?.close(); });

test("the preview lists every kind the purge handles, cancellation reasons and expired sessions included", async () => {
  expect(await retentionPreview(a)).toEqual([
    { kind: "inadimplentes", months: 24, due: 1 },
    { kind: "eventos", months: 24, due: 1 },
    { kind: "importacoes", months: 12, due: 1 },
    { kind: "cancelamentos", months: 24, due: 1 },
    { kind: "sessoes", months: null, due: 2 },
  ]);
});

test("the next purge does exactly what the preview announced, school by school", async () => {
  const announced = { [a.tenantId]: await retentionPreview(a), [b.tenantId]: await retentionPreview(b) };
  const [run] = await q<{ run: number }>(t.db, sql`select privacy_purge_at(now(), true) as run`);
  const done = await q<{ tenant_id: string; kind: string; rows: number }>(t.db, sql`select tenant_id, kind, rows
    from privacy_run_counts where run_id = ${run.run} order by tenant_id, kind`);
  for (const [tenant, preview] of Object.entries(announced)) {
    const counted = Object.fromEntries(done.filter((d) => d.tenant_id === tenant).map((d) => [d.kind, d.rows]));
    for (const p of preview.filter((r) => r.kind !== "sessoes")) expect([p.kind, counted[p.kind]]).toEqual([p.kind, p.due]);
  }
  // Sessions belong to no school: the run counts the platform's, here the two schools' members'.
  const [sessions] = await q<{ user_sessions: number }>(t.db, sql`select user_sessions from privacy_runs where id = ${run.run}`);
  const dueSessions = Object.values(announced).map((p) => p.find((r) => r.kind === "sessoes")?.due ?? -1);
  expect(dueSessions).toEqual([2, 1]);
  expect(sessions.user_sessions).toBe(3);
  // Nothing announced is left.
  for (const s of [a, b]) expect((await retentionPreview(s)).map((r) => r.due)).toEqual([0, 0, 0, 0, 0]);
});

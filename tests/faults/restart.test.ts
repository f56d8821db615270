import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { openPostgres, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { checkInadimplencia } from "@/lib/inadimplencia/check";
import { makeAluno } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";
import { canRunPrivateCluster, startPrivateCluster, type PrivateCluster } from "./private-cluster";

// PostgreSQL stopped and started while the app is busy, on a private server (the
// shared one is never restarted). The app runs in its own process
// (restart-scenario.ts), as a server would, so that "the process died" is a
// result we can see. Runs with the PostgreSQL pass of the suite.
const run = !!process.env.DATABASE_URL && canRunPrivateCluster;
const ROWS = 30_000;
const CRASH = /TypeError: Cannot read properties of null \(reading 'write'\)[\s\S]*postgres\/src\/connection\.js/;

let cluster: PrivateCluster;
let handle: DbHandle;
let s: TenantSession;
const alunoIds: string[] = [];
let events: Record<string, Record<string, unknown>> = {};
let stderr = "";
let exitCode: number | null = null;

describe.skipIf(!run)("PostgreSQL stopped and started while requests and an import run", () => {
  beforeAll(async () => {
    cluster = await startPrivateCluster();
    handle = openPostgres(cluster.url("app"), 2);
    await migrateDb(handle);
    s = await makeSchool(handle.db, {}, ["financeiro", "secretaria"]);
    for (let i = 0; i < 20; i++) alunoIds.push(await makeAluno(handle.db, s.tenantId, { nome: `Aluno Fixo ${i}` }));
    // The test's own connections would die with the server; it reconnects afterwards.
    await handle.close();
    const child = spawnSync("npx", ["tsx", "--conditions=react-server", path.join(__dirname, "restart-scenario.ts")], {
      encoding: "utf8",
      timeout: 150_000,
      env: { ...process.env, CLUSTER: JSON.stringify(cluster.place), TENANT: s.tenantId, USER_ID: s.userId, ALUNOS: alunoIds.join(","), ROWS: String(ROWS) },
    });
    stderr = child.stderr;
    exitCode = child.status;
    for (const line of child.stdout.split("\n").filter((l) => l.startsWith("{"))) {
      const e = JSON.parse(line) as Record<string, unknown>;
      events[e.stage as string] = e;
    }
    // The scenario may have died with the server down.
    if (!cluster.running()) cluster.start();
    handle = openPostgres(cluster.url("app"), 2);
    console.log("faults/restart events:", JSON.stringify(events), exitCode === 0 ? "" : `— process exited ${exitCode}: ${stderr.slice(-2000)}`);
  }, 240_000);
  afterAll(async () => {
    await handle?.close().catch(() => {});
    cluster?.destroy();
  });

  test("the import is either fully committed or fully absent: rows, audit and batch agree", async () => {
    expect(events.stopping, `scenario did not reach the stop: ${stderr}`).toBeDefined();
    const [state] = await q<{ rows: number; audit: number; batches: number }>(handle.db, sql`select
      (select count(*)::int from inadimplentes where tenant_id = ${s.tenantId} and codigo_inadim like 'queda-%') as rows,
      (select count(*)::int from inadimplentes_audit a join inadimplentes i on i.id = a.inadimplente_id
         where i.tenant_id = ${s.tenantId} and i.codigo_inadim like 'queda-%') as audit,
      (select count(*)::int from import_batches where tenant_id = ${s.tenantId}) as batches`);
    const committed = events.import?.committed === true;
    expect(state).toEqual(committed ? { rows: ROWS, audit: ROWS, batches: 1 } : { rows: 0, audit: 0, batches: 0 });
  });

  test("/api/health answered 503 database_unavailable while the server was down, 200 before", () => {
    expect(events.healthBefore).toMatchObject({ code: 200, status: "ok" });
    expect(events.healthDuring).toMatchObject({ code: 503, status: "database_unavailable" });
  });

  // postgres.js 3.4.9 used to kill the process here (an uncatchable TypeError in
  // nextWrite once the socket is gone); patches/postgres+3.4.9.patch guards it.
  test("the app process survives the outage and serves requests again without a restart", () => {
    expect(stderr).not.toMatch(CRASH);
    expect(exitCode, stderr).toBe(0);
    expect(events.recovered).toMatchObject({ ok: true });
    expect(events.healthAfter).toMatchObject({ code: 200, status: "ok" });
    expect(events.done).toBeDefined();
  });

  test("a fresh client works at once after the restart, and a restart between requests costs at most a retry per pooled connection", async () => {
    const fresh = openPostgres(cluster.url("app"), 4);
    try {
      const check = () => withTenant(s, (tx) => checkInadimplencia(tx, alunoIds), fresh.db).then((m) => m.size === alunoIds.length, () => false);
      expect(await check()).toBe(true);
      cluster.restart();
      const results: boolean[] = [];
      for (let i = 0; i < 10; i++) results.push(await check());
      expect(results.slice(4).every(Boolean)).toBe(true);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});

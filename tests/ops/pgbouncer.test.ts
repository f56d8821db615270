import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { openPostgres, type DbHandle } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { checkInadimplencia } from "@/lib/inadimplencia/check";
import { addMembership, makeAluno, makeInadimplente, makeTenant, makeUser, setFlag } from "../helpers/fixtures";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";
import { PGBOUNCER, startPgBouncer, type Bouncer } from "./pgbouncer-support";

// PgBouncer in transaction mode hands every transaction to whichever server
// connection is free. That is safe only because everything a request sets —
// role, tenant, user — is transaction-local (set_config(..., true) in
// db/tenant.ts): this proves it under load, with fewer server connections than
// clients, and runs the tenant-isolation suite itself through the pooler.
const SERVER = process.env.DATABASE_URL;
const POOL = 3;
const CLIENTS = 20;
const REQUESTS = 200;

const skipReason = !SERVER ? "PgBouncer sits in front of a PostgreSQL server; this run uses the embedded database"
  : !PGBOUNCER ? "pgbouncer is not installed (apt-get install -y pgbouncer; .ci/run installs it)" : null;

describe.skipIf(skipReason !== null)(`through PgBouncer in transaction mode${skipReason ? ` — skipped: ${skipReason}` : ""}`, () => {
  let t: TestDb;
  let bouncer: Bouncer;
  let pooled: DbHandle;
  const school = {} as Record<"a" | "b", { tenantId: string; userId: string; role: string; alunos: string[]; delinquent: string }>;

  beforeAll(async () => {
    t = await createTestDb();
    for (const [key, role] of [["a", "secretaria"], ["b", "financeiro"]] as const) {
      const tenantId = await makeTenant(t.db, `Escola ${key.toUpperCase()}`);
      const userId = await makeUser(t.db);
      await addMembership(t.db, tenantId, userId, role);
      await setFlag(t.db, tenantId, "rematricula.inadimplencia.enabled", true);
      const alunos: string[] = [];
      for (let i = 0; i < 5; i++) alunos.push(await makeAluno(t.db, tenantId, { nome: `Aluno ${key} ${i}` }));
      // Both schools list a child named like the OTHER school's first student too:
      // a check that leaked across tenants would flag it.
      await makeInadimplente(t.db, tenantId, { studentName: `Aluno ${key} 0` });
      await makeInadimplente(t.db, tenantId, { studentName: `Aluno ${key === "a" ? "b" : "a"} 1` });
      school[key] = { tenantId, userId, role, alunos, delinquent: alunos[0] };
    }
    bouncer = await startPgBouncer(t.url!, POOL);
    process.env.DATABASE_PREPARE = "false";
    pooled = openPostgres(bouncer.url(t.url!), CLIENTS);
  });

  afterAll(async () => {
    delete process.env.DATABASE_PREPARE;
    await pooled?.close();
    await bouncer?.stop();
    await t?.close();
  });

  test(`${REQUESTS} concurrent requests of two schools over ${CLIENTS} clients and ${POOL} server connections: each sees only its own school and role`, async () => {
    const backends = new Set<number>();
    const outcomes = await Promise.allSettled(Array.from({ length: REQUESTS }, async (_, i) => {
      const me = school[i % 2 ? "b" : "a"];
      const other = school[i % 2 ? "a" : "b"];
      return withTenant({ tenantId: me.tenantId, userId: me.userId }, async (tx) => {
        const [ctx] = await q<{ role: string; tenant: string; usr: string; pid: number }>(tx, sql`select current_user as role,
          app_tenant()::text as tenant, app_user()::text as usr, pg_backend_pid() as pid, pg_sleep(random() * 0.005)`);
        backends.add(ctx.pid);
        const alunos = await q<{ tenant_id: string }>(tx, sql`select tenant_id::text from alunos`);
        const roles = await q<{ role: string; tenant_id: string }>(tx,
          sql`select role::text, tenant_id::text from memberships where user_id = app_user()`);
        const checked = await checkInadimplencia(tx, [...me.alunos, ...other.alunos]);
        if (i % 10 === 9) throw new Error("rolled back on purpose"); // a failed request must not leave its context behind
        return { me, ctx, alunos, roles, checked };
      }, pooled.db).catch((e: Error) => (e.message === "rolled back on purpose" ? null : Promise.reject(e)));
    }));
    const failures = outcomes.filter((o) => o.status === "rejected");
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason)), bouncer.log()).toEqual([]);
    let seen = 0;
    for (const o of outcomes) {
      if (o.status !== "fulfilled" || !o.value) continue;
      const r = o.value;
      seen++;
      expect(r.ctx).toMatchObject({ role: "rematricula_app", tenant: r.me.tenantId, usr: r.me.userId });
      expect(r.alunos).toHaveLength(5);
      expect(new Set(r.alunos.map((a) => a.tenant_id))).toEqual(new Set([r.me.tenantId]));
      expect(r.roles).toEqual([{ role: r.me.role, tenant_id: r.me.tenantId }]);
      // Only the school's own students are answered, and only its own listed one is flagged.
      expect([...r.checked.keys()].sort()).toEqual([...r.me.alunos].sort());
      expect([...r.checked].filter(([, c]) => c.isInadimplente).map(([id]) => id)).toEqual([r.me.delinquent]);
    }
    expect(seen).toBe(REQUESTS - REQUESTS / 10);
    // The pooler really multiplexed: far fewer server connections than clients.
    expect(backends.size).toBeLessThanOrEqual(POOL);
  });

  test("after the burst, a statement outside any request's transaction carries no role, tenant or user", async () => {
    const rows = await Promise.all(Array.from({ length: 30 }, () => q<{ role: string; tenant: string | null; usr: string | null }>(pooled.db,
      sql`select current_user as role, current_setting('app.current_tenant', true) as tenant,
        current_setting('app.current_user', true) as usr`)));
    for (const [r] of rows) {
      expect(r.role).not.toBe("rematricula_app");
      expect(r.tenant ?? "").toBe("");
      expect(r.usr ?? "").toBe("");
    }
  });

  test("the tenant-isolation and write-policy suites pass through PgBouncer", async () => {
    const files = ["tests/foundation/tenant-isolation.test.ts", "tests/foundation/write-policies.test.ts",
      "tests/rematricula/inadimplentes-rls.test.ts"];
    const env = { ...process.env, DATABASE_URL: bouncer.url(SERVER!), DATABASE_PREPARE: "false", NO_COLOR: "1", FORCE_COLOR: "0" };
    const run = await promisify(execFile)("npx", ["vitest", "run", ...files], { env, timeout: 240_000, maxBuffer: 1 << 24 })
      .then((r) => ({ code: 0, out: r.stdout + r.stderr }), (e: { code: number; stdout: string; stderr: string }) =>
        ({ code: e.code, out: e.stdout + e.stderr }));
    expect(run.code, run.out.slice(-4000)).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(run.out.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(new RegExp(`Test Files\\s+${files.length} passed \\(${files.length}\\)`));
  }, 300_000);
});

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPostgres, type DbHandle } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// A request abandoned half-way must not leave its transaction open: an open
// transaction holds its locks (an import's advisory lock, row locks) and its
// tenant settings until someone notices.
//
// What "cancelled by the client" means here: Next does not abort a server
// action or route handler when the browser goes away — the handler runs to its
// end and withTenant commits or rolls back as usual. What can cut a request in
// the middle is (1) a cancel request to the server (postgres.js `query.cancel()`
// sends exactly pg_cancel_backend's CancelRequest; statement_timeout ends the
// same way) and (2) the app process dying with a transaction open.
const run = !!process.env.DATABASE_URL;

let t: TestDb;
let pool: DbHandle;
let s: TenantSession;
let dbName: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openTransactions(extra = sql``): Promise<number> {
  const [r] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from pg_stat_activity
    where datname = ${dbName} and state like 'idle in transaction%' ${extra}`);
  return r.n;
}

async function backendRunning(marker: string): Promise<number | null> {
  const rows = await q<{ pid: number }>(t.db, sql`select pid from pg_stat_activity
    where datname = ${dbName} and state = 'active' and query like ${`%${marker}%`} and pid <> pg_backend_pid()`);
  return rows[0]?.pid ?? null;
}

describe.skipIf(!run)("a request cut off in the middle leaves no transaction open", () => {
  beforeAll(async () => {
    t = await createTestDb();
    dbName = new URL(t.url!).pathname.slice(1);
    pool = openPostgres(t.url!, 1);
    s = await makeSchool(t.db, {}, ["financeiro"]);
  });
  afterAll(async () => {
    await pool?.close();
    await t?.close();
  });

  test("a long query inside withTenant cancelled by a CancelRequest rolls back, and the connection serves the next request", async () => {
    const running = withTenant(s, async (tx) => {
      await tx.execute(sql`insert into inadimplentes (tenant_id, codigo_inadim, student_name, source)
        values (${s.tenantId}, 'CANCELADO', 'Nunca Gravado', 'teste')`);
      await tx.execute(sql`select pg_sleep(30) /* cancel-me */`);
    }, pool.db);
    let pid: number | null = null;
    for (let i = 0; i < 200 && !pid; i++) { pid = await backendRunning("cancel-me"); if (!pid) await sleep(25); }
    expect(pid).not.toBeNull();
    await t.db.execute(sql`select pg_cancel_backend(${pid})`);
    const err = await running.then(() => null, (e: unknown) => e);
    expect(pgCode(err)).toBe("57014");
    expect(await openTransactions()).toBe(0);
    expect(await q(t.db, sql`select 1 from inadimplentes where codigo_inadim = 'CANCELADO'`)).toEqual([]);
    const [next] = await withTenant(s, (tx) => q<{ tenant: string }>(tx, sql`select current_setting('app.current_tenant') as tenant`), pool.db);
    expect(next.tenant).toBe(s.tenantId);
  });

  test("postgres.js query.cancel() inside a transaction: rolled back, nothing left open", async () => {
    const client = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      let pending: ReturnType<typeof client> | undefined;
      const tx = client.begin(async (c) => {
        await c`select set_config('role', 'rematricula_app', true), set_config('app.current_tenant', ${s.tenantId}, true)`;
        pending = c`select pg_sleep(30) /* js-cancel */`;
        await pending;
      });
      while (!(await backendRunning("js-cancel"))) await sleep(25);
      await pending!.cancel();
      const err = await tx.then(() => null, (e: unknown) => e);
      expect(pgCode(err)).toBe("57014");
      expect(await openTransactions()).toBe(0);
      const [after] = await client`select coalesce(current_setting('app.current_tenant', true), '') as tenant`;
      expect(after.tenant).toBe("");
    } finally {
      await client.end();
    }
  });

  test("the app process killed with a transaction open: the server ends it at once", async () => {
    const app = "killed-mid-request";
    const child = spawn(process.execPath, ["--input-type=module", "-e", `
      import postgres from "postgres";
      const c = postgres(${JSON.stringify(t.url)}, { max: 1, connection: { application_name: ${JSON.stringify(app)} } });
      c.begin(async (tx) => {
        await tx\`insert into inadimplentes (tenant_id, codigo_inadim, student_name, source)
          values (\${process.env.TENANT}, 'MORTO', 'Nunca Gravado', 'teste')\`;
        console.log("open");
        await new Promise(() => {});
      });`], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TENANT: s.tenantId } });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("open") && resolve());
      child.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    expect(await openTransactions(sql`and application_name = ${app}`)).toBe(1);
    child.kill("SIGKILL");
    let left = 1;
    for (let i = 0; i < 100 && left > 0; i++) { await sleep(50); left = await openTransactions(sql`and application_name = ${app}`); }
    expect(left).toBe(0);
    expect(await q(t.db, sql`select 1 from inadimplentes where codigo_inadim = 'MORTO'`)).toEqual([]);
  });
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { openPostgres, type Db, type DbHandle, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

// Every request of a process shares a few pooled connections, and the tenant is a
// setting on the connection: if it ever outlived its transaction, the next
// request — another school's — would run with it. On PostgreSQL this file pins
// the pool to ONE connection so that every request reuses the previous one's;
// PGlite is a single connection by construction.
const ROUNDS = 1000;

let t: TestDb;
let one: DbHandle;
let db: Db;
let A: TenantSession, B: TenantSession;
let alunoA: string, alunoB: string;

beforeAll(async () => {
  t = await createTestDb();
  one = t.url ? openPostgres(t.url, 1) : t;
  db = one.db;
  A = await makeSchool(t.db, {}, ["admin", "financeiro"]);
  B = await makeSchool(t.db, {}, ["admin", "financeiro"]);
  alunoA = await makeAluno(t.db, A.tenantId, { nome: "Aluno Só Da Escola A" });
  alunoB = await makeAluno(t.db, B.tenantId, { nome: "Aluno Só Da Escola B" });
  await makeInadimplente(t.db, A.tenantId, { studentName: "Aluno Só Da Escola A" });
  await makeInadimplente(t.db, B.tenantId, { studentName: "Aluno Só Da Escola B" });
});
afterAll(async () => {
  if (one !== t) await one.close();
  await t?.close();
});

interface Seen { backend: number; tenants: string[]; alunos: string[]; blocked: string[] }

/** What one request of `s` can see, through every path the app reads a school by. */
function request(s: TenantSession, tx: Tx): Promise<Seen> {
  return (async () => {
    const [{ backend }] = await q<{ backend: number }>(tx, sql`select pg_backend_pid() as backend`);
    const tenants = await q<{ t: string }>(tx, sql`
      select tenant_id::text as t from alunos union select tenant_id::text from memberships
      union select tenant_id::text from system_config union select tenant_id::text from inadimplentes`);
    const alunos = await q<{ id: string }>(tx, sql`select id::text from alunos`);
    const blocked = await q<{ id: string }>(tx, sql`
      select aluno_id::text as id from check_inadimplencia(${`{${alunoA},${alunoB}}`}::uuid[]) where is_inadimplente`);
    return { backend, tenants: tenants.map((r) => r.t), alunos: alunos.map((r) => r.id), blocked: blocked.map((r) => r.id) };
  })();
}

test(`${ROUNDS} alternating requests of two schools on one connection never see each other`, async () => {
  const backends = new Set<number>();
  for (let i = 0; i < ROUNDS; i++) {
    const [s, own, ownAluno] = i % 2 === 0 ? [A, A.tenantId, alunoA] : [B, B.tenantId, alunoB];
    const seen = await withTenant(s, (tx) => request(s, tx), db);
    backends.add(seen.backend);
    expect(seen.tenants, `round ${i}`).toEqual([own]);
    expect(seen.alunos, `round ${i}`).toEqual([ownAluno]);
    expect(seen.blocked, `round ${i}`).toEqual([ownAluno]);
  }
  if (t.url) expect(backends.size).toBe(1);
  // A thousand transactions: about 20 s on the embedded database, more while
  // another file runs beside it on a busy machine. The test is about isolation.
}, 240_000);

test("an error in the middle of a request leaves no tenant, user or role on the connection", async () => {
  const failed = withTenant(A, async (tx) => {
    await tx.execute(sql`select 1`);
    await tx.execute(sql`select 1/0`);
  }, db);
  await expect(failed).rejects.toThrow();
  const [after] = await q<{ tenant: string | null; usr: string | null; role: string }>(db, sql`
    select coalesce(current_setting('app.current_tenant', true), '') as tenant,
           coalesce(current_setting('app.current_user', true), '') as usr, current_user::text as role`);
  expect(after.tenant).toBe("");
  expect(after.usr).toBe("");
  expect(after.role).not.toBe("rematricula_app");
  const next = await withTenant(B, (tx) => request(B, tx), db);
  expect(next.tenants).toEqual([B.tenantId]);
});

test("a request whose callback throws (not SQL) also leaves nothing behind", async () => {
  await expect(withTenant(A, async () => { throw new Error("falha no meio"); }, db)).rejects.toThrow("falha no meio");
  const [after] = await q<{ tenant: string }>(db, sql`select coalesce(current_setting('app.current_tenant', true), '') as tenant`);
  expect(after.tenant).toBe("");
});

test("after a successful request the connection is back to no tenant, no user and its own role", async () => {
  await withTenant(A, (tx) => request(A, tx), db);
  const [after] = await q<{ tenant: string; usr: string; role: string }>(db, sql`
    select coalesce(current_setting('app.current_tenant', true), '') as tenant,
           coalesce(current_setting('app.current_user', true), '') as usr, current_user::text as role`);
  expect(after).toMatchObject({ tenant: "", usr: "" });
  expect(after.role).not.toBe("rematricula_app");
});

// The app's queries are named prepared statements, planned once per connection
// (db/client.ts): the 1 000 rounds above ran on them. One statement serves both
// schools — the tenant is a parameter of the policies, read at execution.
test.skipIf(!process.env.DATABASE_URL)("each query is one prepared statement per connection, shared by both schools", async () => {
  await withTenant(A, (tx) => request(A, tx), db);
  await withTenant(B, (tx) => request(B, tx), db);
  const statements = await withTenant(A, (tx) => q<{ statement: string }>(tx, sql`
    select statement from pg_prepared_statements where statement like '%aluno_id::text as id from check_inadimplencia%'`), db);
  expect(statements).toHaveLength(1);
});

test("every request plans its statements for its own values, and the setting ends with it", async () => {
  const [inside] = await withTenant(A, (tx) => q<{ mode: string }>(tx, sql`select current_setting('plan_cache_mode') as mode`), db);
  expect(inside.mode).toBe("force_custom_plan");
  const [after] = await q<{ mode: string }>(db, sql`select current_setting('plan_cache_mode') as mode`);
  expect(after.mode).toBe("auto");
});

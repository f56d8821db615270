import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withAppContext, withTenant } from "@/db/tenant";
import { createTestDb, type TestDb } from "../helpers/db";
import { addMembership, makeTenant, makeUser } from "../helpers/fixtures";
import { expectPgError, q } from "./support";

// Seed 000: an 'aluno' membership materialises the student's record in that
// school, and the user's name/phone flow into it. The database does it, so it
// holds whatever code writes the membership.

let t: TestDb;
let a: string, b: string;
beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
});
afterAll(async () => { await t?.close(); });

interface AlunoRow { tenant_id: string; nome: string; telefone: string | null; status: string }
const alunosOf = (userId: string) => q<AlunoRow>(t.db, sql`select tenant_id::text, nome, telefone, status
  from alunos where user_id = ${userId} order by tenant_id`);

test("the trigger functions are SECURITY DEFINER with a pinned search_path", async () => {
  const rows = await q<{ proname: string; prosecdef: boolean; pinned: boolean }>(t.db, sql`
    select proname, prosecdef,
      coalesce(exists (select 1 from unnest(proconfig) c where c like 'search_path=%'), false) as pinned
    from pg_proc where pronamespace = 'public'::regnamespace
      and proname in ('ensure_aluno_from_membership', 'sync_alunos_from_user') order by 1`);
  expect(rows).toEqual([
    { proname: "ensure_aluno_from_membership", prosecdef: true, pinned: true },
    { proname: "sync_alunos_from_user", prosecdef: true, pinned: true },
  ]);
});

test("an aluno membership creates the student with the user's name and phone", async () => {
  const u = await makeUser(t.db, "Ana Souza", "11 99999-0001");
  await addMembership(t.db, a, u, "aluno");
  expect(await alunosOf(u)).toEqual([{ tenant_id: a, nome: "Ana Souza", telefone: "11 99999-0001", status: "ativo" }]);
});

test("an admin creating the membership through the app role gets the student too", async () => {
  const admin = await makeUser(t.db, "Admin A");
  await addMembership(t.db, a, admin, "admin");
  const u = await makeUser(t.db, "Bruno Lima", "11 99999-0002");
  await withTenant({ tenantId: a, userId: admin },
    (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role) values (${a}, ${u}, 'aluno')`), t.db);
  expect(await alunosOf(u)).toEqual([{ tenant_id: a, nome: "Bruno Lima", telefone: "11 99999-0002", status: "ativo" }]);
});

test("re-activating or upserting the membership updates the one student row", async () => {
  const u = await makeUser(t.db, "Carla Dias", "11 99999-0003");
  await addMembership(t.db, a, u, "aluno");
  // A stale copy, so that "updated" is observable.
  await t.db.execute(sql`update alunos set nome = 'Desatualizado', telefone = null where user_id = ${u}`);
  await t.db.execute(sql`update memberships set active = false where tenant_id = ${a} and user_id = ${u}`);
  await t.db.execute(sql`update memberships set active = true where tenant_id = ${a} and user_id = ${u}`);
  expect(await alunosOf(u)).toEqual([{ tenant_id: a, nome: "Carla Dias", telefone: "11 99999-0003", status: "ativo" }]);

  await t.db.execute(sql`update alunos set nome = 'Desatualizado' where user_id = ${u}`);
  await t.db.execute(sql`insert into memberships (tenant_id, user_id, role) values (${a}, ${u}, 'aluno')
    on conflict (tenant_id, user_id, role) do update set active = true`);
  expect(await alunosOf(u)).toEqual([{ tenant_id: a, nome: "Carla Dias", telefone: "11 99999-0003", status: "ativo" }]);
});

test("a student record staff already linked to the user is reused, not duplicated", async () => {
  const u = await makeUser(t.db, "Davi Rocha", null);
  await t.db.execute(sql`insert into alunos (tenant_id, user_id, nome, telefone)
    values (${a}, ${u}, 'Davi R.', '11 97777-0004')`);
  await addMembership(t.db, a, u, "aluno");
  // The user has no phone: the one staff recorded is kept, not overwritten with null.
  expect(await alunosOf(u)).toEqual([{ tenant_id: a, nome: "Davi Rocha", telefone: "11 97777-0004", status: "ativo" }]);
});

// The student's name is the school's record (what the delinquency check matches
// on): a user renaming themself changes their login name only; the phone follows.
test("a user's new phone reaches their student rows in every school, their new name does not", async () => {
  const u = await makeUser(t.db, "Elisa Prado", "11 99999-0005");
  await addMembership(t.db, a, u, "aluno");
  await addMembership(t.db, b, u, "aluno");
  // Through the app role in school A: B's row is invisible to it, the trigger must still reach it.
  await withAppContext({ tenantId: a, userId: u }, (tx) => tx.execute(
    sql`update users set name = 'Elisa Prado Nunes', phone = '11 98888-0005' where id = ${u}`), t.db);
  const rows = await alunosOf(u);
  expect(rows).toHaveLength(2);
  for (const r of rows) expect(r).toMatchObject({ nome: "Elisa Prado", telefone: "11 98888-0005" });
  expect(rows.map((r) => r.tenant_id).sort()).toEqual([a, b].sort());
});

test("a staff role creates no student", async () => {
  const u = await makeUser(t.db, "Fabio Secretário");
  await addMembership(t.db, a, u, "secretaria");
  await addMembership(t.db, a, u, "professor");
  expect(await alunosOf(u)).toEqual([]);
});

test("a membership for a user that does not exist creates nothing", async () => {
  const ghost = randomUUID();
  await expectPgError(addMembership(t.db, a, ghost, "aluno"), "23503");
  expect(await alunosOf(ghost)).toEqual([]);
});

// Needs two real connections: PGlite has one session, so it cannot interleave transactions.
test.skipIf(!process.env.DATABASE_URL)("two concurrent upserts of the same aluno membership leave one student", async () => {
  const u = await makeUser(t.db, "Gabi Concorrente", "11 99999-0007");
  const c1 = postgres(t.url!, { max: 1, onnotice: () => {} });
  const c2 = postgres(t.url!, { max: 1, onnotice: () => {} });
  const upsert = (c: postgres.Sql | postgres.TransactionSql) => c`insert into memberships (tenant_id, user_id, role)
    values (${a}, ${u}, 'aluno') on conflict (tenant_id, user_id, role) do update set active = true`;
  try {
    let firstWrote!: () => void;
    const wrote = new Promise<void>((resolve) => { firstWrote = resolve; });
    const first = c1.begin(async (tx) => {
      await upsert(tx);
      firstWrote();
      // Hold the uncommitted student row while the second transaction arrives.
      await tx`select pg_sleep(0.5)`;
    });
    await wrote;
    const started = Date.now();
    const second = c2.begin(async (tx) => { await upsert(tx); });
    await Promise.all([first, second]);
    // The second upsert had to wait for the first to commit: they really overlapped.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  } finally {
    await Promise.all([c1.end(), c2.end()]);
  }
  expect(await alunosOf(u)).toEqual([{ tenant_id: a, nome: "Gabi Concorrente", telefone: "11 99999-0007", status: "ativo" }]);
});

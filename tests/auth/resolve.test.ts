import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withAppContext } from "@/db/tenant";
import { resolveContext, setActiveTenant } from "@/lib/auth/resolve";
import { landingPath } from "@/lib/auth/landing";
import { addMembership, makeTenant, makeUser } from "../helpers/fixtures";
import { createTestDb, type TestDb } from "../helpers/db";
import { authSession } from "../helpers/sessions";
import { q } from "../foundation/support";

let t: TestDb;
let a: string, b: string, c: string, user: string, sid: string;

beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
  c = await makeTenant(t.db, "Escola C");
  user = await makeUser(t.db, "Usuária Várias Escolas");
  sid = (await authSession(user)).sid;
  await addMembership(t.db, a, user, "secretaria");
  await addMembership(t.db, b, user, "secretaria");
  await addMembership(t.db, b, user, "admin");
});
afterAll(async () => { await t?.close(); });

test("without a choice, the school with the most privileged role is active", async () => {
  const ctx = await resolveContext(user, sid);
  expect(ctx?.tenant?.id).toBe(b);
  expect(ctx?.roles.sort()).toEqual(["admin", "secretaria"]);
  expect(ctx?.tenants.map((x) => x.id).sort()).toEqual([a, b].sort());
});

test("the school the user chose stays active; one they are not a member of is refused", async () => {
  expect(await setActiveTenant(user, a)).toBe(true);
  expect((await resolveContext(user, sid))?.tenant?.id).toBe(a);
  expect(await setActiveTenant(user, c)).toBe(false);
  expect((await resolveContext(user, sid))?.tenant?.id).toBe(a);
});

test("a user without active memberships has no school and no roles", async () => {
  const lonely = await makeUser(t.db, "Sem Escola");
  const ctx = await resolveContext(lonely, (await authSession(lonely)).sid);
  expect(ctx?.tenant).toBeNull();
  expect(ctx?.roles).toEqual([]);
  expect(landingPath(ctx!.roles)).toBe("/sem-acesso");
});

test("landing pages follow the roles", () => {
  expect(landingPath(["secretaria"])).toBe("/rematricula");
  expect(landingPath(["financeiro"])).toBe("/admin/inadimplentes");
  expect(landingPath(["aluno", "professor"])).toBe("/sem-acesso");
  expect(landingPath(["superadmin"])).toBe("/admin/escolas");
});

// app_session_context (migration 0012) reads across RLS as its owner: it must
// answer exactly what the user's own transaction as rematricula_app could see —
// their row, their active memberships and those schools — and nothing of others.
test("the session context is what the policies show the user, and no more", async () => {
  const other = await makeUser(t.db, "Outra Pessoa");
  await addMembership(t.db, a, other, "admin");
  await addMembership(t.db, c, user, "financeiro");
  await t.db.execute(sql`update memberships set active = false where user_id = ${user} and tenant_id = ${c}`);
  // Losing school C ended the user's sessions (migration 0013): a new sign-in.
  const [{ sid }] = await q<{ sid: string }>(t.db, sql`select app_session_open(${user}) as sid`);
  const visible = await withAppContext({ userId: user }, async (tx) => ({
    user: await q<{ name: string; email: string }>(tx, sql`select name, email from users order by id`),
    memberships: await q<{ id: string; role: string }>(tx, sql`select t.id, m.role
      from memberships m join tenants t on t.id = m.tenant_id where m.active order by t.id, m.role`),
  }), t.db);
  const [{ ctx }] = await q<{ ctx: { name: string; email: string; memberships: { id: string; role: string }[] } }>(
    t.db, sql`select app_session_context(${user}, ${sid}) as ctx`);
  expect([{ name: ctx.name, email: ctx.email }]).toEqual(visible.user);
  const byKey = (x: { id: string; role: string }, y: { id: string; role: string }) => `${x.id}${x.role}`.localeCompare(`${y.id}${y.role}`);
  expect(ctx.memberships.map(({ id, role }) => ({ id, role })).sort(byKey)).toEqual([...visible.memberships].sort(byKey));
  expect(ctx.memberships.map((m) => m.id)).not.toContain(c);
  const [{ nobody }] = await q<{ nobody: unknown }>(t.db, sql`select app_session_context(gen_random_uuid(), ${sid}) as nobody`);
  expect(nobody).toBeNull();
});

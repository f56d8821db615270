import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { resolveContext } from "@/lib/auth/resolve";
import { endAllSessions, endSession, openSession } from "@/lib/auth/sessions";
import { deactivateMember, resetMemberPassword } from "@/lib/people/members";
import { changeOwnPassword } from "@/lib/people/own-password";
import { hashPassword } from "@/lib/auth/password";
import { q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff, makeTenant } from "../helpers/fixtures";

// Issue 15: the session cookie is a self-contained JWT, so a copy taken before
// "Sair" or before a password change kept working for its 12 hours. Each cookie
// now names a session record, read in the same statement as the user's roles
// (app_session_context): once the record is gone the cookie opens nothing.
let t: TestDb;
let tenantId: string;
beforeAll(async () => {
  t = await createTestDb();
  tenantId = await makeTenant(t.db, "Escola Sessões");
});
afterAll(async () => { await t?.close(); });

const live = async (userId: string, sid: string) => (await resolveContext(userId, sid)) !== null;

test("a session opens the user's context; 'Sair' ends that session and no other", async () => {
  const { userId } = await makeStaff(t.db, tenantId, ["secretaria"]);
  const [laptop, phone] = [await openSession(userId), await openSession(userId)];
  expect(await live(userId, laptop)).toBe(true);
  await endSession(laptop);
  expect(await live(userId, laptop)).toBe(false);
  expect(await live(userId, phone)).toBe(true);
});

test("a cookie without a session record, or naming another user's, opens nothing", async () => {
  const a = await makeStaff(t.db, tenantId, ["secretaria"]);
  const b = await makeStaff(t.db, tenantId, ["secretaria"]);
  const sidOfB = await openSession(b.userId);
  expect(await resolveContext(a.userId, undefined)).toBeNull();
  expect(await resolveContext(a.userId, sidOfB)).toBeNull();
  expect(await resolveContext(a.userId, "nao-e-uuid")).toBeNull();
});

test("'Sair em todos os dispositivos' ends every session of the user", async () => {
  const { userId } = await makeStaff(t.db, tenantId, ["secretaria"]);
  const sids = [await openSession(userId), await openSession(userId)];
  expect(await endAllSessions(userId)).toBe(2);
  for (const sid of sids) expect(await live(userId, sid)).toBe(false);
});

test("one's own password change ends every other session, and keeps the one that changed it", async () => {
  const { userId } = await makeStaff(t.db, tenantId, ["secretaria"]);
  await t.db.execute(sql`update users set password_hash = ${await hashPassword("senha-antiga-123")} where id = ${userId}`);
  const [here, elsewhere] = [await openSession(userId), await openSession(userId)];
  await changeOwnPassword(userId, here, "senha-antiga-123", "senha-nova-456");
  expect(await live(userId, here)).toBe(true);
  expect(await live(userId, elsewhere)).toBe(false);
});

test("an admin's reset of the password ends all of that person's sessions", async () => {
  const admin = await makeStaff(t.db, tenantId, ["admin"]);
  const { userId } = await makeStaff(t.db, tenantId, ["secretaria"]);
  const sid = await openSession(userId);
  await resetMemberPassword(admin, userId);
  expect(await live(userId, sid)).toBe(false);
});

test("deactivation ends the sessions at the next request, whichever code deactivates", async () => {
  const admin = await makeStaff(t.db, tenantId, ["admin"]);
  const viaApp = await makeStaff(t.db, tenantId, ["secretaria", "financeiro"]);
  const sid = await openSession(viaApp.userId);
  await deactivateMember(admin, viaApp.userId);
  expect(await live(viaApp.userId, sid)).toBe(false);
  // A plain UPDATE in the admin's transaction, as any future code path might write it.
  const viaSql = await makeStaff(t.db, tenantId, ["secretaria"]);
  const sid2 = await openSession(viaSql.userId);
  await withTenant(admin, (tx) => tx.execute(sql`update memberships set active = false where user_id = ${viaSql.userId}`));
  expect(await live(viaSql.userId, sid2)).toBe(false);
});

test("removing one role of several keeps the sessions (the roles are re-read on each request)", async () => {
  const admin = await makeStaff(t.db, tenantId, ["admin"]);
  const { userId } = await makeStaff(t.db, tenantId, ["secretaria", "financeiro"]);
  const sid = await openSession(userId);
  await withTenant(admin, (tx) => tx.execute(sql`update memberships set active = false where user_id = ${userId} and role = 'financeiro'`));
  expect((await resolveContext(userId, sid))?.roles).toEqual(["secretaria"]);
});

test("sessions are unreachable to the app role except through their functions", async () => {
  const { userId } = await makeStaff(t.db, tenantId, ["admin"]);
  const admin = { tenantId, userId, roles: ["admin" as const] };
  await openSession(userId);
  const err = await withTenant(admin, (tx) => tx.execute(sql`select * from user_sessions`)).then(() => null, (e: unknown) => e);
  expect(err).not.toBeNull();
  const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from user_sessions where user_id = ${userId}`);
  expect(n).toBe(1);
});

test("a session expires 30 days after sign-in at the latest", async () => {
  const { userId } = await makeStaff(t.db, tenantId, ["secretaria"]);
  const sid = await openSession(userId);
  await t.db.execute(sql`update user_sessions set expires_at = now() - interval '1 second' where id = ${sid}`);
  expect(await live(userId, sid)).toBe(false);
  // The next sign-in clears the user's expired rows.
  await openSession(userId);
  expect(await q(t.db, sql`select 1 from user_sessions where id = ${sid}`)).toEqual([]);
});

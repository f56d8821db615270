import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { withTenant } from "@/db/tenant";
import { listMembers } from "@/lib/people/members";
import { parseForm, SUPERADMIN_ONLY } from "@/lib/people/schemas";
import { memberRoleForm } from "@/lib/people/forms";
import { refusalText } from "@/app/(app)/admin/_components/refusal-text";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { signInEveryone } from "../helpers/sessions";
import { signedIn as session } from "../helpers/stub-auth";
import { form } from "../security/matrix-support";

// Issue 18: a member whose only role was removed stays identifiable to the
// school's admins (admin_former_members), and nobody else learns more.
vi.mock("@/lib/auth/config", () => import("../helpers/stub-auth"));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const usuarios = () => import("@/app/(app)/admin/usuarios/actions");
const IDLE = { status: "idle" } as const;

let t: TestDb;
let a: string, b: string;
beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
});
afterAll(async () => { await t?.close(); });

const emailOf = async (userId: string) =>
  (await q<{ email: string }>(t.db, sql`select email from users where id = ${userId}`))[0].email;

test("the admin who removed a member's only role still sees the member's name and e-mail, without a role", async () => {
  const admin = await makeStaff(t.db, a, ["admin"]);
  const sec = await makeStaff(t.db, a, ["secretaria"], "Sônia Sem Papel");
  await signInEveryone();
  session.userId = admin.userId;
  session.roles = ["admin"];
  const u = await usuarios();
  expect(await u.removeRoleAction(IDLE, form({ userId: sec.userId, role: "secretaria" }))).toMatchObject({ status: "success" });
  const row = (await listMembers(admin)).find((m) => m.userId === sec.userId);
  expect(row).toEqual({ userId: sec.userId, name: "Sônia Sem Papel", email: await emailOf(sec.userId), roles: [], inactiveRoles: ["secretaria"] });
  // The user row itself stays hidden (the phone with it): only the narrow door answers.
  expect(await withTenant(admin, (tx) => q(tx, sql`select id from users where id = ${sec.userId}`))).toEqual([]);
  session.userId = null;
});

test("only the school's admins get former members' names: not its other staff, not another school", async () => {
  const admin = await makeStaff(t.db, a, ["admin"]);
  const fin = await makeStaff(t.db, a, ["financeiro", "coordenador"]);
  const gone = await makeStaff(t.db, a, ["professor"], "Paulo Antigo");
  await t.db.execute(sql`update memberships set active = false where user_id = ${gone.userId}`);
  const adminB = await makeStaff(t.db, b, ["admin"]);
  const former = (s: typeof admin) => withTenant(s, (tx) => q<{ user_id: string; name: string }>(tx,
    sql`select user_id, name from admin_former_members()`));
  expect((await former(admin)).map((r) => r.name)).toContain("Paulo Antigo");
  expect(await former(fin)).toEqual([]);
  expect((await former(adminB)).map((r) => r.user_id)).not.toContain(gone.userId);
  // Active members are not "former": the list reads them through users_visible.
  expect((await former(admin)).map((r) => r.user_id)).not.toContain(fin.userId);
});

test("refusing the superadmin role says why, also where the form shows no role field", async () => {
  const err = (() => { try { parseForm(memberRoleForm, { userId: crypto.randomUUID(), role: "superadmin" }); } catch (e) { return e; } })();
  expect(err).toMatchObject({ code: "VALIDATION", fields: { role: SUPERADMIN_ONLY } });
  const state = { status: "error" as const, code: "VALIDATION" as const, message: "Corrija os campos indicados.", fields: { role: SUPERADMIN_ONLY } };
  expect(refusalText(state, ["userId", "role"])).toBe(SUPERADMIN_ONLY);
  // A field the form does show keeps the summary; its own message is next to it.
  expect(refusalText(state, [])).toBe("Corrija os campos indicados.");
  expect(refusalText({ status: "error", code: "VALIDATION", message: "x", fields: { form: "Motivo do formulário." } })).toBe("Motivo do formulário.");
});

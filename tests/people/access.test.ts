import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { withTenant } from "@/db/tenant";
import { requireAction } from "@/lib/auth/context";
import { earlyRoute } from "@/lib/auth/routing";
import { LAST_ADMIN } from "@/lib/people/db-errors";
import { createTestDb, type TestDb } from "../helpers/db";
import { addMembership, makeAluno, makeStaff, makeTenant, makeUser } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";
import { signInEveryone } from "../helpers/sessions";
import { signedIn as session } from "../helpers/stub-auth";
import { fingerprint, form } from "../security/matrix-support";

// The people actions called directly, as a forged request would: who may call
// them, against which school's ids, and that access follows the database, not
// the session. Only the session is stubbed; it carries stale claims on purpose.
vi.mock("@/lib/auth/config", () => import("../helpers/stub-auth"));
// Outside a Next request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const usuarios = () => import("@/app/(app)/admin/usuarios/actions");
const alunos = () => import("@/app/(app)/admin/alunos/actions");
const escolas = () => import("@/app/(app)/admin/escolas/actions");
const IDLE = { status: "idle" } as const;

let t: TestDb;
let a: string, b: string, adminA: string, secretariaA: string, memberB: string, alunoB: string;
beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
  adminA = (await makeStaff(t.db, a, ["admin"])).userId;
  secretariaA = (await makeStaff(t.db, a, ["secretaria"])).userId;
  await makeStaff(t.db, b, ["admin"]);
  memberB = (await makeStaff(t.db, b, ["secretaria"])).userId;
  alunoB = await makeAluno(t.db, b, { nome: "Aluno de B" });
  await signInEveryone();
});
afterAll(async () => { await t?.close(); });

function as(userId: string | null, roles: string[] = []) {
  session.userId = userId;
  session.roles = roles;
}

/** Every admin action of the people area, with ids chosen by the caller. */
async function allCalls(ids: { userId: string; alunoId: string }) {
  const u = await usuarios();
  const al = await alunos();
  const e = await escolas();
  return {
    addMember: () => u.addMemberAction(IDLE, form({ email: `x.${Math.random()}@y.z`, name: "X", role: "admin" })),
    addRole: () => u.addRoleAction(IDLE, form({ userId: ids.userId, role: "admin" })),
    removeRole: () => u.removeRoleAction(IDLE, form({ userId: ids.userId, role: "secretaria" })),
    deactivate: () => u.deactivateMemberAction(IDLE, form({ userId: ids.userId })),
    resetPassword: () => u.resetPasswordAction(IDLE, form({ userId: ids.userId })),
    createAluno: () => al.createAlunoAction(IDLE, form({ nome: "Novo", status: "ativo" })),
    updateAluno: () => al.updateAlunoAction(IDLE, form({ alunoId: ids.alunoId, nome: "Trocado", status: "inativo" })),
    createTenant: () => e.createTenantAction(IDLE, form({ slug: `s-${Date.now()}`, name: "Nova", unidades: "", adminEmail: "n@n.nn", adminName: "N" })),
  };
}

describe("a secretaria calling the admin actions directly", () => {
  test("gets FORBIDDEN from every one and nothing changes", async () => {
    const ownAluno = await makeAluno(t.db, a, { nome: "Aluno de A" });
    const calls = await allCalls({ userId: secretariaA, alunoId: ownAluno });
    const before = await fingerprint(t.db);
    as(secretariaA, ["admin"]); // the session claims admin: the database says otherwise
    for (const [name, call] of Object.entries(calls)) {
      expect(await call(), name).toMatchObject({ status: "error", code: "FORBIDDEN" });
    }
    as(null);
    expect(await fingerprint(t.db)).toEqual(before);
  });
});

describe("school A's admin with school B's ids", () => {
  test("cannot read, edit or add roles to anything of B; nothing changes", async () => {
    const calls = await allCalls({ userId: memberB, alunoId: alunoB });
    const before = await fingerprint(t.db);
    as(adminA, ["admin"]);
    for (const name of ["addRole", "removeRole", "deactivate", "resetPassword", "updateAluno"] as const) {
      const r = await calls[name]();
      expect(r, name).toMatchObject({ status: "error", code: "NOT_FOUND" });
      expect(JSON.stringify(r)).not.toContain("Aluno de B");
    }
    as(null);
    expect(await fingerprint(t.db)).toEqual(before);
    const { getAluno } = await import("@/lib/people/alunos");
    await expect(getAluno({ tenantId: a, userId: adminA, roles: ["admin"] }, alunoB)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

test("a deactivated membership ends the person's sessions at the next request, and its contact data is hidden", async () => {
  const admin2 = (await makeStaff(t.db, a, ["admin"])).userId;
  as(admin2, ["admin"]);
  await expect(requireAction("people")).resolves.toBeTruthy();
  as(adminA, ["admin"]);
  const u = await usuarios();
  expect(await u.deactivateMemberAction(IDLE, form({ userId: admin2 }))).toMatchObject({ status: "success" });
  as(admin2, ["admin"]);
  await expect(requireAction("people")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  as(null);
  const visible = await withTenant({ tenantId: a, userId: adminA }, (tx) =>
    q<{ email: string }>(tx, sql`select email from users where id = ${admin2}`));
  expect(visible).toEqual([]);
});

test("a role removed from a signed-in user takes effect at the next request, though the session still carries it", async () => {
  const fin = (await makeStaff(t.db, a, ["admin", "financeiro"])).userId;
  as(fin, ["admin", "financeiro"]);
  await expect(requireAction("people")).resolves.toBeTruthy();
  as(adminA, ["admin"]);
  expect(await (await usuarios()).removeRoleAction(IDLE, form({ userId: fin, role: "admin" })))
    .toMatchObject({ status: "success" });
  // The stale claims still let the proxy route to the page…
  expect(earlyRoute("/admin/usuarios", true, { roles: ["admin", "financeiro"], mustChangePassword: false })).toBeNull();
  // …where the database's answer refuses it.
  as(fin, ["admin", "financeiro"]);
  await expect(requireAction("people")).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(requireAction("inadimplentes.read")).resolves.toBeTruthy();
  as(null);
});

describe("the last admin", () => {
  test("cannot be removed or deactivated: refused by the action and by the database", async () => {
    const c = await makeTenant(t.db, "Escola C");
    const only = (await makeStaff(t.db, c, ["admin"])).userId;
    const u = await usuarios();
    as(only, ["admin"]);
    expect(await u.removeRoleAction(IDLE, form({ userId: only, role: "admin" })))
      .toMatchObject({ status: "error", code: "CONFLICT", message: LAST_ADMIN });
    expect(await u.deactivateMemberAction(IDLE, form({ userId: only })))
      .toMatchObject({ status: "error", code: "CONFLICT", message: LAST_ADMIN });
    as(null);
    await expectPgError(t.db.execute(sql`update memberships set active = false where tenant_id = ${c} and user_id = ${only}`), "RM002");
    await expectPgError(t.db.execute(sql`update memberships set role = 'secretaria' where tenant_id = ${c} and user_id = ${only}`), "RM002");
  });

  test.skipIf(!process.env.DATABASE_URL)("two admins removing each other at the same moment: one stays (PostgreSQL)", async () => {
    const d = await makeTenant(t.db, "Escola D");
    const x = await makeStaff(t.db, d, ["admin"]);
    const y = await makeStaff(t.db, d, ["admin"]);
    const { removeRole } = await import("@/lib/people/members");
    // Both pass the action's check at once only if their transactions overlap;
    // the trigger's lock and fresh count then refuse the second.
    for (let i = 0; i < 5; i++) {
      const results = await Promise.allSettled([removeRole(x, y.userId, "admin"), removeRole(y, x.userId, "admin")]);
      const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from memberships
        where tenant_id = ${d} and role = 'admin' and active`);
      expect(n).toBeGreaterThanOrEqual(1);
      if (results.some((r) => r.status === "fulfilled")) {
        await t.db.execute(sql`update memberships set active = true where tenant_id = ${d}`);
      }
    }
  });
});

describe("tenants", () => {
  test("only a superadmin creates them, with unidades, the first admin and the default flags", async () => {
    const e = await escolas();
    const slug = `nova-${Date.now()}`;
    const values = { slug, name: "Escola Nova", unidades: "Centro\nNorte\nCentro", adminEmail: `${slug}@novo.demo`, adminName: "Diretora Nova" };
    as(adminA, ["superadmin"]);
    expect(await e.createTenantAction(IDLE, form(values))).toMatchObject({ status: "error", code: "FORBIDDEN" });
    await expectPgError(withTenant({ tenantId: a, userId: adminA }, (tx) => tx.execute(
      sql`select * from create_tenant('x-y', 'X', array[]::text[], 'x@y.zz', 'X', 'h')`)), "42501");
    const root = await makeUser(t.db, "Root");
    await addMembership(t.db, a, root, "superadmin");
    as(root, ["superadmin"]);
    const r = await e.createTenantAction(IDLE, form(values));
    expect(r).toMatchObject({ status: "success" });
    expect(r.tempPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(await e.createTenantAction(IDLE, form(values))).toMatchObject({ status: "error", code: "CONFLICT" });
    as(null);
    const [tenant] = await q<{ id: string }>(t.db, sql`select id from tenants where slug = ${slug}`);
    expect(await q(t.db, sql`select name from unidades where tenant_id = ${tenant.id} order by name`))
      .toEqual([{ name: "Centro" }, { name: "Norte" }]);
    expect(await q(t.db, sql`select u.email, u.must_change_password, m.role from memberships m join users u on u.id = m.user_id
      where m.tenant_id = ${tenant.id}`)).toEqual([{ email: `${slug}@novo.demo`, must_change_password: true, role: "admin" }]);
    const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from system_config where tenant_id = ${tenant.id}`);
    expect(n).toBe(7);
  });
});

test("a temporary password allows nothing but its change; the change ends that state", async () => {
  as(adminA, ["admin"]);
  const email = `temp.${Date.now()}@x.com`;
  const added = await (await usuarios()).addMemberAction(IDLE, form({ email, name: "Temporária", role: "secretaria" }));
  expect(added).toMatchObject({ status: "success" });
  const [{ id }] = await q<{ id: string }>(t.db, sql`select id from users where email = ${email}`);
  as(id, ["secretaria"]);
  await expect(requireAction("rematricula")).rejects.toMatchObject({ code: "FORBIDDEN" });
  const { changePasswordAction } = await import("@/app/(app)/conta/senha/actions");
  expect(await changePasswordAction(IDLE, form({ current: "errada", password: "nova-senha-123", confirm: "nova-senha-123" })))
    .toMatchObject({ status: "error", fields: { current: "Senha atual incorreta." } });
  expect(await changePasswordAction(IDLE, form({ current: added.tempPassword!, password: "curta", confirm: "curta" })))
    .toMatchObject({ status: "error", code: "VALIDATION" });
  const done = await changePasswordAction(IDLE, form({ current: added.tempPassword!, password: "nova-senha-123", confirm: "nova-senha-123" }))
    .then(() => null, (e: { digest?: string }) => e.digest);
  expect(done).toMatch(/^NEXT_REDIRECT;[^;]*;\/;/);
  await expect(requireAction("rematricula")).resolves.toBeTruthy();
  as(null);
});

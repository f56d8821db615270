import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { LAST_ADMIN, mapPeopleErrors, RESET_REFUSED } from "./db-errors";
import { generateTempPassword } from "./temp-password";

export interface Member {
  userId: string;
  /**
   * Once every role is deactivated, users_visible hides the person; the name
   * and e-mail then come from admin_former_members (admins only), so whoever
   * removed the last role still knows whom. Null for anyone else.
   */
  name: string | null;
  email: string | null;
  roles: Role[];
  inactiveRoles: Role[];
}

const notFound = () => new AppError("NOT_FOUND", "Pessoa não encontrada nesta escola.");

/** The school's members with their roles (SPEC §9). */
export async function listMembers(session: TenantSession): Promise<Member[]> {
  assertCan(session, "people");
  return withTenant(session, async (tx) => {
    // memberships_read also shows the user's own rows of other schools: the
    // tenant filter keeps the list to this school.
    const rows = rowsOf<{ user_id: string; role: Role; active: boolean; name: string | null; email: string | null }>(
      await tx.execute(sql`select m.user_id, m.role, m.active,
          coalesce(u.name, f.name) as name, coalesce(u.email, f.email) as email
        from memberships m left join users u on u.id = m.user_id
        left join admin_former_members() f on f.user_id = m.user_id
        where m.tenant_id = ${session.tenantId}
        order by coalesce(u.name, f.name) nulls last, m.user_id, m.role`));
    const byUser = new Map<string, Member>();
    for (const r of rows) {
      const m = byUser.get(r.user_id) ?? { userId: r.user_id, name: r.name, email: r.email, roles: [], inactiveRoles: [] };
      (r.active ? m.roles : m.inactiveRoles).push(r.role);
      byUser.set(r.user_id, m);
    }
    return [...byUser.values()];
  });
}

/**
 * What "add this e-mail" did (SPEC §9): a new account with a temporary password
 * shown once, a role for someone already active in this school, or an
 * invitation the account's holder must accept. Nothing else: whether the
 * account belongs to another school, and who they are, is not the school's.
 */
export type AddedMember =
  | { outcome: "created"; userId: string; tempPassword: string }
  | { outcome: "added"; userId: string }
  | { outcome: "invited" };

type AddRow = { outcome: "created" | "added" | "invited"; member_id: string | null };

/** admin_add_member in the caller's transaction; `alunoId` is the student record a new aluno login takes. */
export async function addByEmail(tx: Tx, input: { email: string; name: string; role: Role }, hash: string,
  alunoId: string | null): Promise<{ outcome: AddRow["outcome"]; userId: string | null }> {
  const [row] = rowsOf<AddRow>(await tx.execute(sql`select outcome, member_id
    from admin_add_member(${input.email}, ${input.name}, ${input.role}, ${hash}, ${alunoId})`));
  return { outcome: row.outcome, userId: row.member_id };
}

/** Adds a member by e-mail: see AddedMember. */
export async function addMember(
  session: TenantSession,
  input: { email: string; name: string; role: Role },
): Promise<AddedMember> {
  assertCan(session, "people");
  // Hashed whatever the outcome, so the answer takes the same time for every e-mail.
  const temp = generateTempPassword();
  const hash = await hashPassword(temp);
  return mapPeopleErrors(() => withTenant(session, async (tx) => {
    const r = await addByEmail(tx, input, hash, null);
    if (r.outcome === "created") return { outcome: "created", userId: r.userId!, tempPassword: temp };
    return r.outcome === "added" ? { outcome: "added", userId: r.userId! } : { outcome: "invited" };
  }));
}

// Upsert on the (tenant, user, role) key: one row per role (seed 002), re-activated
// when it existed. An aluno role makes the student record appear by trigger.
// The memberships policies refuse it for an account another school holds
// unless it is already active here (app_may_attach).
async function grantRole(tx: Tx, tenantId: string, userId: string, role: Role): Promise<void> {
  await tx.execute(sql`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${userId}, ${role})
    on conflict (tenant_id, user_id, role) do update set active = true, updated_at = now()
    where not memberships.active`);
}

async function assertActiveMember(tx: Tx, tenantId: string, userId: string): Promise<void> {
  const r = await tx.execute(sql`select 1 from memberships where tenant_id = ${tenantId} and user_id = ${userId}
    and active limit 1`);
  if (rowsOf(r).length === 0) throw notFound();
}

// The friendly check; memberships_keep_an_admin in the database is the one
// that holds under concurrency.
async function assertAnotherAdmin(tx: Tx, tenantId: string, userId: string): Promise<void> {
  const r = await tx.execute(sql`select 1 from memberships where tenant_id = ${tenantId} and role = 'admin'
    and active and user_id <> ${userId} limit 1`);
  if (rowsOf(r).length === 0) throw new AppError("CONFLICT", LAST_ADMIN);
}

/**
 * Gives an active member of this school one more role. Someone whose access
 * here was deactivated comes back by e-mail (an invitation): they may belong to
 * another school by now, and attaching them again needs their consent.
 */
export async function addRole(session: TenantSession, userId: string, role: Role): Promise<void> {
  assertCan(session, "people");
  await mapPeopleErrors(() => withTenant(session, async (tx) => {
    await assertActiveMember(tx, session.tenantId, userId);
    await grantRole(tx, session.tenantId, userId, role);
  }));
}

/** Takes one role away (the row stays, inactive: memberships are never deleted). */
export async function removeRole(session: TenantSession, userId: string, role: Role): Promise<void> {
  assertCan(session, "people");
  await mapPeopleErrors(() => withTenant(session, async (tx) => {
    if (role === "admin") await assertAnotherAdmin(tx, session.tenantId, userId);
    const r = await tx.execute(sql`update memberships set active = false, updated_at = now()
      where tenant_id = ${session.tenantId} and user_id = ${userId} and role = ${role} and active returning role`);
    if (rowsOf(r).length === 0) throw notFound();
  }));
}

/** Ends the person's access to this school: every role deactivated, effective at their next request. */
export async function deactivateMember(session: TenantSession, userId: string): Promise<void> {
  assertCan(session, "people");
  await mapPeopleErrors(() => withTenant(session, async (tx) => {
    const active = rowsOf<{ role: Role }>(await tx.execute(sql`select role from memberships
      where tenant_id = ${session.tenantId} and user_id = ${userId} and active`));
    if (active.length === 0) throw notFound();
    if (active.some((m) => m.role === "admin")) await assertAnotherAdmin(tx, session.tenantId, userId);
    await tx.execute(sql`update memberships set active = false, updated_at = now()
      where tenant_id = ${session.tenantId} and user_id = ${userId} and active`);
  }));
}

/**
 * A new temporary password for a member, shown once; they must change it at the
 * next sign-in, and every session of theirs ends. Only for an account whose
 * memberships, active or not, are all in this school (admin_may_reset): one
 * that another school relies on is the superadmin's. The reason is not given,
 * so the refusal does not say whether the person is at another school.
 */
export async function resetMemberPassword(session: TenantSession, userId: string): Promise<string> {
  assertCan(session, "people");
  const allowed = await withTenant(session, async (tx) => {
    await assertActiveMember(tx, session.tenantId, userId);
    return rowsOf<{ ok: boolean }>(await tx.execute(sql`select admin_may_reset(${userId}) as ok`))[0].ok;
  });
  if (!allowed) throw new AppError("FORBIDDEN", RESET_REFUSED);
  const temp = generateTempPassword();
  const hash = await hashPassword(temp);
  // admin_reset_password checks the same rule again: the database holds it whatever this code does.
  const ok = await mapPeopleErrors(() => withTenant(session, async (tx) =>
    rowsOf<{ ok: boolean }>(await tx.execute(sql`select admin_reset_password(${userId}, ${hash}) as ok`))[0].ok));
  if (!ok) throw notFound();
  return temp;
}

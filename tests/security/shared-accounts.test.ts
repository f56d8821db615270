import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { answerInvitation, listMyInvitations, listPendingInvitations } from "@/lib/people/invitations";
import { addMember, addRole, listMembers, resetMemberPassword } from "@/lib/people/members";
import { createAluno } from "@/lib/people/alunos";
import { expectPgError, q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff, makeTenant, makeUser } from "../helpers/fixtures";

// Issue 15, the high one: school B deactivates its secretaria; school A's admin
// adds her e-mail, which attached the existing account, and "Redefinir senha"
// then handed A a password for her (migration 0009 refused only accounts with an
// ACTIVE membership elsewhere). Now an existing account is only invited, A sees
// nothing of it until she accepts, and credentials are changed only for
// accounts whose memberships, active or not, are all in the admin's school.
let t: TestDb;
let adminA: TenantSession, adminB: TenantSession;
beforeAll(async () => {
  t = await createTestDb();
  adminA = await makeStaff(t.db, await makeTenant(t.db, "Escola A"), ["admin"], "Admin A");
  adminB = await makeStaff(t.db, await makeTenant(t.db, "Escola B"), ["admin"], "Admin B");
});
afterAll(async () => { await t?.close(); });

/** A secretaria of school B with a known e-mail, phone and password hash, then deactivated by B. */
async function formerMemberOfB(): Promise<{ id: string; email: string; hash: string }> {
  const tag = Math.random().toString(36).slice(2, 8);
  const email = `ex.${tag}@escola-b.demo`;
  const [u] = await q<{ id: string }>(t.db, sql`insert into users (email, name, phone, password_hash)
    values (${email}, ${`Secretária Sigilosa ${tag}`}, '11 98888-0000', ${`hash-proprio-${tag}`}) returning id`);
  await t.db.execute(sql`insert into memberships (tenant_id, user_id, role, active) values (${adminB.tenantId}, ${u.id}, 'secretaria', false)`);
  return { id: u.id, email, hash: `hash-proprio-${tag}` };
}

const membershipsIn = (tenantId: string, userId: string) =>
  q<{ role: string; active: boolean }>(t.db, sql`select role, active from memberships where tenant_id = ${tenantId} and user_id = ${userId}`);
const passwordOf = async (userId: string) =>
  (await q<{ password_hash: string }>(t.db, sql`select password_hash from users where id = ${userId}`))[0].password_hash;
const invitationOf = async (userId: string) =>
  (await q<{ id: string }>(t.db, sql`select id from invitations where user_id = ${userId} and status = 'pending'`))[0].id;

describe("an account school B deactivated, added by school A's admin", () => {
  test("gets an invitation only: no membership, nothing of the account shown, no password to reset", async () => {
    const her = await formerMemberOfB();
    expect(await addMember(adminA, { email: her.email, name: "Nome Que A Digitou", role: "secretaria" })).toEqual({ outcome: "invited" });
    expect(await membershipsIn(adminA.tenantId, her.id)).toEqual([]);
    // Nothing of her: not in the member list, not readable in users, only what A typed in the invitation.
    expect((await listMembers(adminA)).map((m) => m.userId)).not.toContain(her.id);
    expect(await withTenant(adminA, (tx) => q(tx, sql`select name, phone, email from users where id = ${her.id}`))).toEqual([]);
    expect(await listPendingInvitations(adminA)).toEqual([expect.objectContaining({ email: her.email, role: "secretaria" })]);
    await expectPgError(withTenant(adminA, (tx) => tx.execute(sql`select user_id from invitations`)), "42501");
    // No credentials: through the app, and straight through the database function.
    await expect(resetMemberPassword(adminA, her.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [{ ok }] = await withTenant(adminA, (tx) => q<{ ok: boolean }>(tx, sql`select admin_reset_password(${her.id}, 'hash-de-a') as ok`));
    expect(ok).toBe(false);
    // Nor can A's transaction attach her itself, whatever the code does.
    await expectPgError(withTenant(adminA, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role)
      values (${adminA.tenantId}, ${her.id}, 'secretaria')`)), "42501");
    await expect(addRole(adminA, her.id, "secretaria")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await passwordOf(her.id)).toBe(her.hash);
  });

  test("once she accepts she is a member of A with her own password, and A still cannot reset it", async () => {
    const her = await formerMemberOfB();
    await addMember(adminA, { email: her.email, name: "Outro Nome", role: "secretaria" });
    expect((await listMyInvitations(her.id)).map((i) => i.tenantName)).toEqual(["Escola A"]);
    await answerInvitation(her.id, await invitationOf(her.id), true);
    expect(await membershipsIn(adminA.tenantId, her.id)).toEqual([{ role: "secretaria", active: true }]);
    expect(await passwordOf(her.id)).toBe(her.hash);
    // B's inactive membership still counts: the account is not A's alone.
    await expect(resetMemberPassword(adminA, her.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expectPgError(withTenant(adminA, (tx) => tx.execute(sql`select admin_reset_password(${her.id}, 'hash-de-a')`)), "RM003");
    expect(await passwordOf(her.id)).toBe(her.hash);
    // Answering again, or someone else answering, does nothing.
    await expect(answerInvitation(her.id, await invitationOf(her.id).catch(() => "x"), true)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("declining leaves no membership; another user cannot answer her invitation", async () => {
    const her = await formerMemberOfB();
    await addMember(adminA, { email: her.email, name: "X", role: "financeiro" });
    const id = await invitationOf(her.id);
    await expect(answerInvitation(adminA.userId, id, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await answerInvitation(her.id, id, false);
    expect(await membershipsIn(adminA.tenantId, her.id)).toEqual([]);
    expect(await listMyInvitations(her.id)).toEqual([]);
  });
});

test("the answer to 'add this e-mail' is the same for an account of another school and one of no school", async () => {
  const atB = await formerMemberOfB();
  const lonely = await makeUser(t.db, "Sem Escola Nenhuma");
  const [{ email: lonelyEmail }] = await q<{ email: string }>(t.db, sql`select email from users where id = ${lonely}`);
  const activeAtB = await makeStaff(t.db, adminB.tenantId, ["secretaria"]);
  const [{ email: activeEmail }] = await q<{ email: string }>(t.db, sql`select email from users where id = ${activeAtB.userId}`);
  for (const email of [atB.email, lonelyEmail, activeEmail]) {
    expect(await addMember(adminA, { email, name: "Qualquer", role: "professor" })).toEqual({ outcome: "invited" });
  }
  // A new e-mail still gets an account, with a temporary password shown once.
  const created = await addMember(adminA, { email: `nova.${Date.now()}@escola-a.demo`, name: "Nova", role: "professor" });
  expect(created).toMatchObject({ outcome: "created", tempPassword: expect.stringMatching(/^[A-Za-z0-9]{14}$/) });
});

test("an aluno invitation copies the account's name and phone into the student only after acceptance", async () => {
  const her = await formerMemberOfB();
  const fields = { nome: "Aluna Pela Escola", matricula: null, cpf: null, dataNascimento: null, responsavelNome: null, responsavelTelefone: null,
    unidade: null, serie: "6º ano", turma: null, anoLetivo: 2026, status: "ativo" as const };
  const created = await createAluno(adminA, fields, her.email);
  expect(created).toMatchObject({ invited: true, tempPassword: null });
  const student = () => q<{ nome: string; telefone: string | null; user_id: string | null }>(t.db,
    sql`select nome, telefone, user_id from alunos where id = ${created.id}`);
  expect(await student()).toEqual([{ nome: "Aluna Pela Escola", telefone: null, user_id: null }]);
  expect(await membershipsIn(adminA.tenantId, her.id)).toEqual([]);
  await answerInvitation(her.id, await invitationOf(her.id), true);
  const [after] = await student();
  expect(after).toEqual({ nome: expect.stringMatching(/^Secretária Sigilosa/), telefone: "11 98888-0000", user_id: her.id });
  expect(await membershipsIn(adminA.tenantId, her.id)).toEqual([{ role: "aluno", active: true }]);
});

test("an account all of whose memberships are in the school is still the admin's to reset", async () => {
  const added = await addMember(adminA, { email: `local.${Date.now()}@escola-a.demo`, name: "Local", role: "secretaria" });
  if (added.outcome !== "created") throw new Error("expected a new account");
  expect(await resetMemberPassword(adminA, added.userId)).toMatch(/^[A-Za-z0-9]{14}$/);
});

describe("a superadmin's membership in a school", () => {
  test("cannot be changed or deactivated by the school's admin", async () => {
    const root = await makeUser(t.db, "Raiz");
    await t.db.execute(sql`insert into memberships (tenant_id, user_id, role) values (${adminA.tenantId}, ${root}, 'superadmin')`);
    await withTenant(adminA, async (tx) => {
      await tx.execute(sql`update memberships set role = 'secretaria' where user_id = ${root}`);
      await tx.execute(sql`update memberships set active = false where user_id = ${root}`);
    });
    expect(await membershipsIn(adminA.tenantId, root)).toEqual([{ role: "superadmin", active: true }]);
    // A superadmin may.
    const superA = await makeStaff(t.db, adminA.tenantId, ["superadmin"]);
    await withTenant(superA, (tx) => tx.execute(sql`update memberships set active = false where user_id = ${root}`));
    expect(await membershipsIn(adminA.tenantId, root)).toEqual([{ role: "superadmin", active: false }]);
  });
});

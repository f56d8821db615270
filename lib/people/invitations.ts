import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withAppContext, withTenant } from "@/db/tenant";
import type { Role } from "@/db/schema";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/inadimplencia/check";

/**
 * The answer to "add this e-mail" for an existing account (SPEC §9): that it has
 * an account and will accept with its own password — never where, nor who.
 */
export const invitedMessage = (email: string) =>
  `${email} já tem uma conta: enviamos um convite. O acesso começa quando a pessoa aceitar, ao entrar com a própria senha.`;

export interface MyInvitation {
  id: string;
  tenantName: string;
  role: Role;
  createdAt: Date;
}

/** The signed-in user's pending invitations (any school: they are not a member yet). */
export async function listMyInvitations(userId: string): Promise<MyInvitation[]> {
  return withAppContext({ userId }, async (tx) => {
    const rows = rowsOf<{ id: string; tenant_name: string; role: Role; created_at: string | Date }>(
      await tx.execute(sql`select id, tenant_name, role, created_at from my_invitations()`));
    return rows.map((r) => ({ id: r.id, tenantName: r.tenant_name, role: r.role, createdAt: new Date(r.created_at) }));
  });
}

/** Accepts (the membership starts now) or declines one of one's own pending invitations. */
export async function answerInvitation(userId: string, invitationId: string, accept: boolean): Promise<void> {
  const ok = isUuid(invitationId) && await withAppContext({ userId }, async (tx) =>
    rowsOf<{ ok: boolean }>(await tx.execute(sql`select answer_invitation(${invitationId}, ${accept}) as ok`))[0].ok);
  if (!ok) throw new AppError("NOT_FOUND", "Convite não encontrado ou já respondido.");
}

export interface PendingInvitation {
  email: string;
  role: Role;
  createdAt: Date;
}

/** The school's invitations still unanswered: what the admin typed, nothing of the account. */
export async function listPendingInvitations(session: TenantSession): Promise<PendingInvitation[]> {
  assertCan(session, "people");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<{ email: string; role: Role; created_at: string | Date }>(await tx.execute(
      sql`select email, role, created_at from invitations where status = 'pending' order by created_at desc limit 200`));
    return rows.map((r) => ({ email: r.email, role: r.role, createdAt: new Date(r.created_at) }));
  });
}

import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { AppError, forbidden } from "@/lib/errors";
import { auth } from "./config";
import { can, type Capability, type TenantSession } from "./permissions";
import { CHANGE_PASSWORD_PATH, noAccessPath } from "./routing";
import { resolveRequestContext, type RequestContext, type TenantOption } from "./resolve";
import { readSessionToken } from "./session-token";

export type StaffContext = RequestContext & { tenant: TenantOption; session: TenantSession };

/**
 * For pages and layouts: the request's user, school and roles, resolved once
 * per request from the database; the session's user is read from the cookie as
 * the proxy reads it.
 */
export const getPageContext = cache(async (): Promise<RequestContext | null> => {
  const token = await readSessionToken(await headers());
  return token?.sub ? resolveRequestContext(token.sub, token.sid) : null;
});

/**
 * For server actions and route handlers: the same through auth(), which also
 * re-issues the cookie (its expiry, the proxy's claims).
 */
export const getActionContext = cache(async (): Promise<RequestContext | null> => {
  const session = await auth();
  return session?.user?.id ? resolveRequestContext(session.user.id, session.sid) : null;
});

function toStaff(ctx: RequestContext & { tenant: TenantOption }): StaffContext {
  return { ...ctx, session: { tenantId: ctx.tenant.id, userId: ctx.userId, roles: ctx.roles } };
}

/** For pages: anonymous → /login; signed in without the capability → "sem acesso". */
export async function requirePage(capability: Capability): Promise<StaffContext> {
  const ctx = await getPageContext();
  if (!ctx) redirect("/login");
  if (ctx.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  if (!ctx.tenant || !can(ctx.roles, capability)) redirect(noAccessPath(capability));
  return toStaff({ ...ctx, tenant: ctx.tenant });
}

/** For server actions and route handlers: the same check, as domain errors. */
export async function requireAction(capability: Capability): Promise<StaffContext> {
  const ctx = await getActionContext();
  if (!ctx) throw new AppError("UNAUTHENTICATED", "Sua sessão expirou. Entre novamente.");
  if (ctx.mustChangePassword) throw new AppError("FORBIDDEN", "Troque sua senha temporária antes de continuar.");
  if (!ctx.tenant || !can(ctx.roles, capability)) throw forbidden();
  return toStaff({ ...ctx, tenant: ctx.tenant });
}

import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { AppError, forbidden } from "@/lib/errors";
import { auth } from "./config";
import { can, type Capability, type TenantSession } from "./permissions";
import { CHANGE_PASSWORD_PATH } from "./routing";
import { resolveRequestContext, type RequestContext, type TenantOption } from "./resolve";

export type StaffContext = RequestContext & { tenant: TenantOption; session: TenantSession };

/** The request's user, school and roles, resolved once per request from the database. */
export const getRequestContext = cache(async (): Promise<RequestContext | null> => {
  const s = await auth();
  const userId = s?.user?.id;
  return userId ? resolveRequestContext(userId) : null;
});

function toStaff(ctx: RequestContext & { tenant: TenantOption }): StaffContext {
  return { ...ctx, session: { tenantId: ctx.tenant.id, userId: ctx.userId, roles: ctx.roles } };
}

/** For pages: anonymous → /login; signed in without the capability → "sem acesso". */
export async function requirePage(capability: Capability): Promise<StaffContext> {
  const ctx = await getRequestContext();
  if (!ctx) redirect("/login");
  if (ctx.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  if (!ctx.tenant || !can(ctx.roles, capability)) redirect("/sem-acesso");
  return toStaff({ ...ctx, tenant: ctx.tenant });
}

/** For server actions and route handlers: the same check, as domain errors. */
export async function requireAction(capability: Capability): Promise<StaffContext> {
  const ctx = await getRequestContext();
  if (!ctx) throw new AppError("UNAUTHENTICATED", "Sua sessão expirou. Entre novamente.");
  if (ctx.mustChangePassword) throw new AppError("FORBIDDEN", "Troque sua senha temporária antes de continuar.");
  if (!ctx.tenant || !can(ctx.roles, capability)) throw forbidden();
  return toStaff({ ...ctx, tenant: ctx.tenant });
}

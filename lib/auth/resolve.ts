import "server-only";
import { sql } from "drizzle-orm";
import { cache } from "react";
import { getDb, rowsOf } from "@/db/client";
import { withAppContext } from "@/db/tenant";
import type { Role } from "@/db/schema";
import { rankOf } from "./permissions";

export interface TenantOption {
  id: string;
  slug: string;
  name: string;
}

export interface RequestContext {
  userId: string;
  /** The server-side session record the request's cookie names. */
  sessionId: string;
  userName: string;
  email: string;
  /** The active school; null when the user has no active membership anywhere. */
  tenant: TenantOption | null;
  roles: Role[];
  tenants: TenantOption[];
  /** A temporary password is in use: nothing but changing it is allowed. */
  mustChangePassword: boolean;
  /** Invitations of schools waiting for this user's answer (/conta/convites). */
  pendingInvitations: number;
}

/** What app_session_context answers for a user. */
interface SessionRow {
  name: string;
  email: string;
  last_tenant_id: string | null;
  must_change_password: boolean;
  invitations: number;
  memberships: { id: string; slug: string; name: string; role: Role }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * session → user → active tenant → roles. The active tenant is the one the user
 * last chose, else the one where they hold the most privileged role. Null when
 * the session record is gone ("Sair", a password change or reset, a
 * deactivation) or the cookie names none (issued before records existed).
 */
export async function resolveContext(userId: string, sessionId: string | undefined): Promise<RequestContext | null> {
  if (!sessionId || !UUID.test(sessionId) || !UUID.test(userId)) return null;
  // One statement outside a transaction (migrations 0012, 0013): this runs on
  // every page and action, and it checks the session record in the same read.
  const user = rowsOf<{ ctx: SessionRow | null }>(
    await getDb().execute(sql`select app_session_context(${userId}, ${sessionId}) as ctx`),
  )[0]?.ctx;
  if (!user) return null;
  const byTenant = new Map<string, { tenant: TenantOption; roles: Role[] }>();
  for (const r of user.memberships) {
    const entry = byTenant.get(r.id) ?? { tenant: { id: r.id, slug: r.slug, name: r.name }, roles: [] };
    entry.roles.push(r.role);
    byTenant.set(r.id, entry);
  }
  const entries = [...byTenant.values()];
  const active =
    (user.last_tenant_id && byTenant.get(user.last_tenant_id)) ||
    [...entries].sort((a, b) => rankOf(a.roles) - rankOf(b.roles))[0];
  return {
    userId,
    sessionId,
    userName: user.name,
    email: user.email,
    tenant: active?.tenant ?? null,
    roles: active?.roles ?? [],
    tenants: entries.map((e) => e.tenant),
    mustChangePassword: user.must_change_password,
    pendingInvitations: Number(user.invitations) || 0,
  };
}

/**
 * resolveContext once per request, where React's cache is kept for it: auth()
 * refreshes the session's claims through it once they are over a minute old,
 * and the action or page then resolves the same user for its own check — one
 * read serves both. Where the cache is not kept, it simply reads each time.
 */
export const resolveRequestContext = cache(resolveContext);

/** Remembers the school the user chose; refused unless they are an active member of it. */
export async function setActiveTenant(userId: string, tenantId: string): Promise<boolean> {
  return withAppContext({ userId }, async (tx) => {
    const r = await tx.execute(sql`update users set last_tenant_id = ${tenantId}, updated_at = now()
      where id = ${userId} and exists (select 1 from memberships m
        where m.user_id = ${userId} and m.tenant_id = ${tenantId} and m.active)
      returning id`);
    return rowsOf(r).length === 1;
  });
}

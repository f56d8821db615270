import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
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
  userName: string;
  email: string;
  /** The active school; null when the user has no active membership anywhere. */
  tenant: TenantOption | null;
  roles: Role[];
  tenants: TenantOption[];
  /** A temporary password is in use: nothing but changing it is allowed. */
  mustChangePassword: boolean;
}

/**
 * session → user → active tenant → roles. The active tenant is the one the user
 * last chose, else the one where they hold the most privileged role.
 */
export async function resolveContext(userId: string): Promise<RequestContext | null> {
  return withAppContext({ userId }, async (tx) => {
    const user = rowsOf<{ name: string; email: string; last_tenant_id: string | null; must_change_password: boolean }>(
      await tx.execute(sql`select name, email, last_tenant_id, must_change_password from users where id = ${userId}`),
    )[0];
    if (!user) return null;
    const rows = rowsOf<{ id: string; slug: string; name: string; role: Role }>(
      await tx.execute(sql`select t.id, t.slug, t.name, m.role
        from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = ${userId} and m.active order by t.name`),
    );
    const byTenant = new Map<string, { tenant: TenantOption; roles: Role[] }>();
    for (const r of rows) {
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
      userName: user.name,
      email: user.email,
      tenant: active?.tenant ?? null,
      roles: active?.roles ?? [],
      tenants: entries.map((e) => e.tenant),
      mustChangePassword: user.must_change_password,
    };
  });
}

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

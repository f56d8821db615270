import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { hashPassword } from "@/lib/auth/password";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { mapPeopleErrors } from "./db-errors";
import { generateTempPassword } from "./temp-password";

export interface NewTenant {
  slug: string;
  name: string;
  unidades: string[];
  adminEmail: string;
  adminName: string;
}

/**
 * A new school with its unidades and first admin (SPEC §9), superadmin only.
 * create_tenant checks the caller's superadmin role in the database as well:
 * the new school has no membership that any policy could rely on yet.
 */
export async function createTenant(
  session: TenantSession,
  input: NewTenant,
): Promise<{ tenantId: string; adminUserId: string; tempPassword: string | null }> {
  assertCan(session, "tenants.create");
  const temp = generateTempPassword();
  const hash = await hashPassword(temp);
  return mapPeopleErrors(() => withTenant(session, async (tx) => {
    const [row] = rowsOf<{ new_tenant_id: string; admin_user_id: string; admin_created: boolean }>(await tx.execute(
      sql`select new_tenant_id, admin_user_id, admin_created from create_tenant(${input.slug}, ${input.name},
        array[${sql.join(input.unidades.map((u) => sql`${u}`), sql`, `)}]::text[],
        ${input.adminEmail}, ${input.adminName}, ${hash})`));
    return { tenantId: row.new_tenant_id, adminUserId: row.admin_user_id, tempPassword: row.admin_created ? temp : null };
  }));
}

/** The schools of the platform, for the superadmin's page. */
export async function listTenants(session: TenantSession): Promise<{ id: string; slug: string; name: string }[]> {
  assertCan(session, "tenants.create");
  return withTenant(session, async (tx) =>
    rowsOf<{ id: string; slug: string; name: string }>(await tx.execute(sql`select id, slug, name from tenants order by name`)));
}

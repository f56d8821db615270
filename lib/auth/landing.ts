import type { Role } from "@/db/schema";
import { can } from "./permissions";

/**
 * Where a user lands after signing in, by what their roles open. The platform's
 * superadmin lands on the schools: creating and looking after schools is the
 * part of the work no one else can do.
 */
export function landingPath(roles: readonly Role[]): string {
  if (can(roles, "tenants.create")) return "/admin/escolas";
  if (can(roles, "rematricula")) return "/rematricula";
  if (can(roles, "inadimplentes.read")) return "/admin/inadimplentes";
  return "/sem-acesso";
}

import type { Role } from "@/db/schema";
import { can } from "./permissions";

/** Where a user lands after signing in, by what their roles open. */
export function landingPath(roles: readonly Role[]): string {
  if (can(roles, "rematricula")) return "/rematricula";
  if (can(roles, "inadimplentes.read")) return "/admin/inadimplentes";
  return "/sem-acesso";
}

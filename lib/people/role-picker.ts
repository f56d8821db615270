import type { Role } from "@/db/schema";
import { can, type Capability } from "@/lib/auth/permissions";
import { ASSIGNABLE_ROLES, ROLE_LABEL } from "./roles";

// Every capability a screen of the product needs: a role with none of them
// signs in to "Sem acesso".
const SCREEN_CAPABILITIES: Capability[] = [
  "rematricula", "rematricula.progress", "inadimplentes.read", "config", "people", "roster", "audit", "tenants.create",
];

/** Whether a role opens any screen today, read from the permission matrix itself. */
export function opensScreens(role: Role): boolean {
  return SCREEN_CAPABILITIES.some((c) => can([role], c));
}

/** Roles in the order a picker offers them: those that open screens first, so the first one is a useful default. */
export const PICKER_ROLES: Role[] = [
  ...ASSIGNABLE_ROLES.filter((r) => opensScreens(r)),
  ...ASSIGNABLE_ROLES.filter((r) => !opensScreens(r)),
];

/** A role's name in a picker; a role that opens no screen says so, so nobody is handed a login that leads nowhere by mistake. */
export function pickerLabel(role: Role): string {
  return opensScreens(role) ? ROLE_LABEL[role] : `${ROLE_LABEL[role]} (ainda não abre nenhuma tela)`;
}

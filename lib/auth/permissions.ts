import type { Role } from "@/db/schema";
import { forbidden } from "@/lib/errors";

/** What a role may do (SPEC §1). Checked on the server for every page and action. */
export type Capability =
  | "rematricula"
  | "rematricula.cancel"
  | "rematricula.progress"
  | "inadimplentes.read"
  | "inadimplentes.write"
  | "config"
  | "people"
  | "roster"
  | "audit"
  | "tenants.create";

const STAFF_FINANCE: Role[] = ["financeiro", "coordenador", "admin", "superadmin"];

const MATRIX: Record<Capability, readonly Role[]> = {
  rematricula: ["secretaria", "coordenador", "admin", "superadmin"],
  // Undoing a re-enrollment is the coordination's call, never the front desk's;
  // the rematriculas update policy holds the same rule in the database.
  "rematricula.cancel": ["coordenador", "admin", "superadmin"],
  // The campaign's counts only, read-only: finance watches how many students the block holds.
  "rematricula.progress": ["secretaria", "financeiro", "coordenador", "admin", "superadmin"],
  "inadimplentes.read": STAFF_FINANCE,
  "inadimplentes.write": STAFF_FINANCE,
  config: ["admin", "superadmin"],
  people: ["admin", "superadmin"],
  // The roster import (SPEC §2): the front desk keeps the school's roster in
  // step with its academic system; the alunos write policies allow it only
  // inside an import's own transaction.
  roster: ["secretaria", "admin", "superadmin"],
  // The school's trail of exported files (who took which data out, when).
  audit: ["admin", "superadmin"],
  "tenants.create": ["superadmin"],
};

export function can(roles: readonly Role[], capability: Capability): boolean {
  return roles.some((r) => MATRIX[capability].includes(r));
}

/** Roles ordered from most to least privileged: picks the default tenant. */
export const ROLE_RANK: readonly Role[] = [
  "superadmin", "admin", "coordenador", "financeiro", "secretaria", "professor", "aluno",
];

export function rankOf(roles: readonly Role[]): number {
  const ranks = roles.map((r) => ROLE_RANK.indexOf(r));
  return ranks.length ? Math.min(...ranks) : ROLE_RANK.length;
}

/** What domain functions receive: who acts, in which school, with which roles. */
export interface TenantSession {
  tenantId: string;
  userId: string;
  roles: Role[];
}

export function assertCan(session: TenantSession, capability: Capability): void {
  if (!can(session.roles, capability)) throw forbidden();
}

/** The roles that hold a capability, e.g. to tell someone refused which role would open a page. */
export function rolesFor(capability: Capability): readonly Role[] {
  return MATRIX[capability];
}

export function isCapability(s: string): s is Capability {
  return Object.hasOwn(MATRIX, s);
}

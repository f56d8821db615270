import type { Role } from "@/db/schema";
import { can, type Capability } from "./permissions";

export const CHANGE_PASSWORD_PATH = "/conta/senha";

/** "Sem acesso", naming the capability the refused page needs so the page can say which roles open it. */
export function noAccessPath(capability?: Capability): string {
  return capability ? `/sem-acesso?para=${capability}` : "/sem-acesso";
}

/** What the session cookie says about its user, as the proxy reads it (no database). */
export interface SessionClaims {
  roles: Role[];
  mustChangePassword: boolean;
}

// The capability each area needs (SPEC §1). Longest prefix first.
const AREAS: [prefix: string, capability: Capability][] = [
  ["/admin/usuarios", "people"],
  // The roster import and its history, for the secretaria too (SPEC §2).
  ["/admin/alunos/importar", "roster"],
  ["/admin/alunos/importacoes", "roster"],
  ["/admin/alunos", "people"],
  ["/admin/escolas", "tenants.create"],
  ["/admin/exportacoes", "audit"],
  ["/admin/configuracoes", "config"],
  ["/admin/privacidade", "config"],
  ["/admin/inadimplentes", "inadimplentes.read"],
  ["/admin/estatisticas", "inadimplentes.read"],
  ["/admin/liberacoes", "inadimplentes.read"],
  ["/rematricula/progresso", "rematricula.progress"],
  ["/rematricula", "rematricula"],
];

const STAFF: Capability[] = ["rematricula", "inadimplentes.read", "config", "people", "tenants.create"];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Where the proxy sends a request early, or null to let it through. Routing
 * only, never the authority: every page and action re-reads the membership from
 * the database, so a role removed since the cookie was issued is refused there.
 * Claims of an older cookie without them (null) are not guessed at: the request
 * goes through and the page decides.
 */
export function earlyRoute(pathname: string, signedIn: boolean, claims: SessionClaims | null): string | null {
  if (pathname === "/login") return null;
  if (!signedIn) return "/login";
  // The home page only redirects, by the same rules, from the database; it is
  // also where sign-in lands, and a proxy redirect there would leave the
  // browser's address at "/".
  if (!claims || pathname === "/") return null;
  if (claims.mustChangePassword) return pathname === CHANGE_PASSWORD_PATH ? null : CHANGE_PASSWORD_PATH;
  if (under(pathname, "/conta") || pathname === "/sem-acesso") return null;
  if (!STAFF.some((c) => can(claims.roles, c))) return "/sem-acesso";
  const area = AREAS.find(([prefix]) => under(pathname, prefix));
  if (area) return can(claims.roles, area[1]) ? null : noAccessPath(area[1]);
  // Any other admin path: only roles with some admin area.
  if (under(pathname, "/admin") && !["inadimplentes.read", "config", "people", "audit", "tenants.create"].some((c) => can(claims.roles, c as Capability))) {
    return "/sem-acesso";
  }
  return null;
}

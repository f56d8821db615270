import type { JWT } from "@auth/core/jwt";
import type { RequestContext } from "./resolve";

// How long the roles carried by the session may go without a fresh read.
export const CLAIMS_TTL_MS = 60_000;

/**
 * The session's claims for the proxy's early routing: the active tenant, its
 * roles and the temporary-password state. Read at sign-in, on update() (tenant
 * switch, password change) and again once older than CLAIMS_TTL_MS; null when
 * the user or the session record no longer exists, which ends the session. Pages and actions never
 * trust them: they re-read the memberships on every request.
 */
export async function refreshClaims(
  token: JWT,
  event: { signedIn: boolean; update: boolean; now: number },
  load: (userId: string, sessionId: string | undefined) => Promise<RequestContext | null>,
): Promise<JWT | null> {
  const stale = typeof token.claimsAt !== "number" || event.now - token.claimsAt > CLAIMS_TTL_MS;
  if (!token.sub || !(event.signedIn || event.update || stale)) return token;
  const ctx = await load(token.sub, token.sid);
  if (!ctx) return null;
  return {
    ...token,
    tenantId: ctx.tenant?.id ?? null,
    roles: ctx.roles,
    mustChangePassword: ctx.mustChangePassword,
    claimsAt: event.now,
  };
}

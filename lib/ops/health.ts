/** What /api/health reads from the database, as the app role. */
export interface HealthFacts {
  applied: number;
  definers_ok: boolean;
  app_role_privileged: boolean | null;
  login_privileged: boolean | null;
  /** Whether the login may run app_session_context (null before migration 0013 gave it its session argument). */
  login_resolves_sessions: boolean | null;
}

export type HealthStatus =
  | "ok"
  | "schema_outdated"
  | "definer_owner_subject_to_rls"
  | "app_role_privileged"
  | "login_role_privileged"
  | "login_cannot_resolve_sessions"
  | "driver_unguarded";

/**
 * Healthy only when every request would really be bound by RLS:
 * - the schema is at the version this build expects;
 * - SECURITY DEFINER functions belong to a role that RLS does not hide rows from
 *   (otherwise the delinquency check would silently find nobody);
 * - rematricula_app, the role every request switches to, is no superuser, has no
 *   BYPASSRLS and cannot log in (a missing role counts as wrong too);
 * - with requireUnprivilegedLogin (REQUIRE_UNPRIVILEGED_LOGIN=1, which the deploy
 *   script sets): the login role of DATABASE_URL is no superuser and has no
 *   BYPASSRLS either, so a code path that forgot the role switch cannot skip RLS.
 *   Off by default because tests and the embedded database log in as a superuser;
 * - the login role may run app_session_context, which every page and action
 *   calls without switching role: a NOINHERIT member of rematricula_app may not;
 * - the PostgreSQL driver carries its patch (lib/ops/driver-guard.ts): an
 *   install with --ignore-scripts must not serve unnoticed.
 */
export function healthStatus(facts: HealthFacts, expected: number, requireUnprivilegedLogin: boolean,
  driverGuarded = true): HealthStatus {
  if (!driverGuarded) return "driver_unguarded";
  if (facts.applied !== expected) return "schema_outdated";
  if (!facts.definers_ok) return "definer_owner_subject_to_rls";
  if (facts.app_role_privileged !== false) return "app_role_privileged";
  if (requireUnprivilegedLogin && facts.login_privileged !== false) return "login_role_privileged";
  if (facts.login_resolves_sessions !== true) return "login_cannot_resolve_sessions";
  return "ok";
}

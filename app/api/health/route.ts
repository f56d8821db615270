import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { expectedSchemaVersion } from "@/db/migrate";
import { withAppContext } from "@/db/tenant";
import { sqlstateOf } from "@/lib/log";
import { driverGuarded } from "@/lib/ops/driver-guard";
import { healthStatus, type HealthFacts } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

/**
 * 200 with the schema version when the database answers at the latest migration
 * and its roles are what RLS relies on; 503 with the reason otherwise (see
 * lib/ops/health.ts). "database_unavailable" when it does not answer at all;
 * "login_not_member_of_app_role" when the login of DATABASE_URL may not switch
 * to rematricula_app (42501 on the role switch), so every request would fail.
 */
export async function GET() {
  const expected = expectedSchemaVersion();
  let facts: HealthFacts;
  try {
    facts = await withAppContext({}, async (tx) =>
      rowsOf<HealthFacts>(
        await tx.execute(sql`select
          (select count(*)::int from drizzle.__drizzle_migrations) as applied,
          coalesce((select bool_and(r.rolsuper or r.rolbypassrls) from pg_proc p
            join pg_roles r on r.oid = p.proowner
            where p.pronamespace = 'public'::regnamespace and p.prosecdef), true) as definers_ok,
          (select rolsuper or rolbypassrls or rolcanlogin from pg_roles where rolname = 'rematricula_app') as app_role_privileged,
          (select rolsuper or rolbypassrls from pg_roles where rolname = session_user) as login_privileged,
          (select has_function_privilege(session_user, f, 'EXECUTE')
            from to_regprocedure('public.app_session_context(uuid, uuid)') f where f is not null) as login_resolves_sessions`),
      )[0],
    );
  } catch (e) {
    const status = sqlstateOf(e) === "42501" ? "login_not_member_of_app_role" : "database_unavailable";
    return Response.json({ status, expectedSchemaVersion: expected }, { status: 503 });
  }
  const status = healthStatus(facts, expected, process.env.REQUIRE_UNPRIVILEGED_LOGIN === "1", driverGuarded());
  return Response.json(
    { status, schemaVersion: facts.applied, expectedSchemaVersion: expected },
    { status: status === "ok" ? 200 : 503 },
  );
}

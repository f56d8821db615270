import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { expectedSchemaVersion } from "@/db/migrate";
import { withAppContext } from "@/db/tenant";

export const dynamic = "force-dynamic";

/**
 * 200 with the schema version when the database answers at the latest migration,
 * 503 otherwise. It also refuses a database whose SECURITY DEFINER functions are
 * owned by a role subject to RLS: forced policies would hide every row from them,
 * and the delinquency check would silently find nobody.
 */
export async function GET() {
  const expected = expectedSchemaVersion();
  try {
    const state = await withAppContext({}, async (tx) =>
      rowsOf<{ applied: number; definers_ok: boolean }>(
        await tx.execute(sql`select
          (select count(*)::int from drizzle.__drizzle_migrations) as applied,
          coalesce((select bool_and(r.rolsuper or r.rolbypassrls) from pg_proc p
            join pg_roles r on r.oid = p.proowner
            where p.pronamespace = 'public'::regnamespace and p.prosecdef), true) as definers_ok`),
      )[0],
    );
    const status = state.applied !== expected ? "schema_outdated" : !state.definers_ok ? "definer_owner_subject_to_rls" : "ok";
    return Response.json(
      { status, schemaVersion: state.applied, expectedSchemaVersion: expected },
      { status: status === "ok" ? 200 : 503 },
    );
  } catch {
    return Response.json({ status: "database_unavailable", expectedSchemaVersion: expected }, { status: 503 });
  }
}

import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { expectedSchemaVersion } from "@/db/migrate";
import { withAppContext } from "@/db/tenant";

export const dynamic = "force-dynamic";

/** 200 with the schema version when the database answers at the latest migration, 503 otherwise. */
export async function GET() {
  const expected = expectedSchemaVersion();
  try {
    const applied = await withAppContext({}, async (tx) =>
      Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0].n),
    );
    const ok = applied === expected;
    return Response.json(
      { status: ok ? "ok" : "schema_outdated", schemaVersion: applied, expectedSchemaVersion: expected },
      { status: ok ? 200 : 503 },
    );
  } catch {
    return Response.json({ status: "database_unavailable", expectedSchemaVersion: expected }, { status: 503 });
  }
}

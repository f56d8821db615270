import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import type { RetentionKind } from "./retention";

export interface PurgeRun {
  at: Date;
  counts: Partial<Record<RetentionKind, number>>;
}

/** The school's latest purge runs with what each anonymised there. */
export async function recentPurges(session: TenantSession, limit = 10): Promise<PurgeRun[]> {
  assertCan(session, "config");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<{ at: string | Date; counts: Partial<Record<RetentionKind, number>> }>(await tx.execute(sql`
      select r.started_at as at, jsonb_object_agg(c.kind, c.rows) as counts
      from privacy_runs r join privacy_run_counts c on c.run_id = r.id
      group by r.id, r.started_at order by r.started_at desc, r.id desc limit ${limit}`));
    return rows.map((r) => ({ at: new Date(r.at), counts: r.counts }));
  });
}

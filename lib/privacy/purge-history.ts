import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import type { RetentionKind } from "./retention";

/** What a run counts per school (privacy_run_counts.kind): the periods' kinds, and cancellation reasons. */
export type PurgedKind = RetentionKind | "cancelamentos";

export const PURGED_LABEL: Record<PurgedKind, string> = {
  inadimplentes: "registro(s) da lista",
  eventos: "tentativa(s)",
  importacoes: "importação(ões)",
  cancelamentos: "motivo(s) de cancelamento",
};

export interface PurgeRun {
  at: Date;
  counts: Partial<Record<PurgedKind, number>>;
}

/** The school's latest purge runs with what each anonymised there. */
export async function recentPurges(session: TenantSession, limit = 10): Promise<PurgeRun[]> {
  assertCan(session, "config");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<{ at: string | Date; counts: Partial<Record<PurgedKind, number>> }>(await tx.execute(sql`
      select r.started_at as at, jsonb_object_agg(c.kind, c.rows) as counts
      from privacy_runs r join privacy_run_counts c on c.run_id = r.id
      group by r.id, r.started_at order by r.started_at desc, r.id desc limit ${limit}`));
    return rows.map((r) => ({ at: new Date(r.at), counts: r.counts }));
  });
}

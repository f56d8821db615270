import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { classifiedCtes, filterWhere, situacaoWhere, type CampaignFilters } from "./classify-sql";
import type { SituacaoFilter } from "./campaign-query";

/** The students of the current filter (all situações), by situação. */
export interface CampaignCounts {
  total: number;
  pendente: number;
  rematriculado: number;
  bloqueado: number;
  indisponivel: number;
  cancelado: number;
}

/**
 * The counts' columns over `classified`, and `matched` (the rows of the
 * situação filter). The blocked ones come from check_inadimplencia, which is
 * set-based (migration 0020): one join of the filter's pending students with
 * the list and the liberações, not a probe per student.
 */
export function countColumns(situacao: SituacaoFilter): SQL {
  return sql`count(*)::int as c_total,
    count(*) filter (where situacao = 'pendente')::int as c_pendente,
    count(*) filter (where situacao = 'rematriculado')::int as c_rematriculado,
    count(*) filter (where situacao = 'bloqueado')::int as c_bloqueado,
    count(*) filter (where situacao = 'indisponivel')::int as c_indisponivel,
    count(*) filter (where cancelada)::int as c_cancelado,
    count(*) filter (where ${situacaoWhere(situacao)})::int as matched`;
}

/** The counts statement alone (the campaign page sends it together with its page). */
export function countsStatement(filters: CampaignFilters): SQL {
  return sql`with ${classifiedCtes(filterWhere(filters))} select ${countColumns("todos")} from classified`;
}

interface RawCounts {
  c_total: number; c_pendente: number; c_rematriculado: number; c_bloqueado: number; c_indisponivel: number; c_cancelado: number;
}

export function toCounts(r: RawCounts | undefined): CampaignCounts {
  return {
    total: r?.c_total ?? 0, pendente: r?.c_pendente ?? 0, rematriculado: r?.c_rematriculado ?? 0,
    bloqueado: r?.c_bloqueado ?? 0, indisponivel: r?.c_indisponivel ?? 0, cancelado: r?.c_cancelado ?? 0,
  };
}

/** The counts of one filter; `tx` comes from withTenant. */
export async function readCampaignCounts(tx: Tx, filters: CampaignFilters): Promise<CampaignCounts> {
  return toCounts(rowsOf<RawCounts>(await tx.execute(countsStatement(filters)))[0]);
}

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
 * `groups` (to follow classifiedCtes): the filter's students by situação,
 * cancelada and whether they pass the situação filter — a handful of rows.
 * Counting each situação over the students directly evaluated the situação of
 * every student once per count (six times); grouped, it is evaluated once.
 */
export function situacaoGroups(situacao: SituacaoFilter): SQL {
  return sql`groups as (select situacao, cancelada, (${situacaoWhere(situacao)}) as matches, count(*)::int as n
    from classified group by 1, 2, 3)`;
}

/** The counts' columns over `groups`, and `matched` (the students of the situação filter). */
export function countColumns(): SQL {
  const sum = (where: SQL) => sql`coalesce(sum(n) filter (where ${where}), 0)::int`;
  return sql`coalesce(sum(n), 0)::int as c_total,
    ${sum(sql`situacao = 'pendente'`)} as c_pendente,
    ${sum(sql`situacao = 'rematriculado'`)} as c_rematriculado,
    ${sum(sql`situacao = 'bloqueado'`)} as c_bloqueado,
    ${sum(sql`situacao = 'indisponivel'`)} as c_indisponivel,
    ${sum(sql`cancelada`)} as c_cancelado,
    ${sum(sql`matches`)} as matched`;
}

/** The counts statement alone (the campaign page sends it together with its page). */
export function countsStatement(filters: CampaignFilters): SQL {
  return sql`with ${classifiedCtes(filterWhere(filters))}, ${situacaoGroups("todos")} select ${countColumns()} from groups`;
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

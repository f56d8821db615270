import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import type { CampaignQuery } from "./campaign-query";
import { bySchoolOrder } from "./series";

/** The values the school's filters can take: its unidades, and the séries and turmas in use. */
export interface CampaignOptions {
  unidades: string[];
  series: string[];
  turmas: string[];
}

// The (série, turma) pairs come from campaign_classes (migration 0033), one
// index probe per pair: the options cost the same at 300 students as at 30 000.
export async function readCampaignOptions(tx: Tx): Promise<CampaignOptions> {
  const r = await tx.execute(sql`with pairs as (select serie, turma from campaign_classes())
    select array(select name from unidades order by name) as unidades,
      array(select distinct serie from pairs where serie <> '') as series,
      array(select distinct turma from pairs where turma <> '' order by turma) as turmas`);
  const row = rowsOf<CampaignOptions>(r)[0];
  return { unidades: row.unidades, series: [...row.series].sort(bySchoolOrder), turmas: row.turmas };
}

/**
 * The filters as the school knows them: a unidade, série or turma it does not
 * have (a stale link, a typo, a forged URL) falls back to "all" rather than
 * showing an empty list that looks like a finished campaign.
 */
export function effectiveQuery(query: CampaignQuery, options: CampaignOptions): CampaignQuery {
  return {
    ...query,
    unidade: options.unidades.includes(query.unidade) ? query.unidade : "",
    serie: options.series.includes(query.serie) ? query.serie : "",
    turma: options.turmas.includes(query.turma) ? query.turma : "",
  };
}

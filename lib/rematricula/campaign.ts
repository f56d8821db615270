import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { ANO_ATUAL } from "./ano";
import { classifiedCtes, filterWhere, situacaoWhere } from "./classify-sql";
import { effectiveQuery, readCampaignOptions, type CampaignOptions } from "./campaign-options";
import type { CampaignQuery } from "./campaign-query";
import { countColumns, situacaoGroups, toCounts, type CampaignCounts } from "./counts";

export type { CampaignCounts };

/** A row of the campaign: the student, and where they stand — nothing of the delinquent list beyond that. */
export interface CampaignRow {
  id: string;
  /** The school's code (matrícula/RA). */
  matricula: string | null;
  nome: string;
  responsavelNome: string | null;
  unidade: string | null;
  serie: string | null;
  turma: string | null;
  status: string;
  situacao: "pendente" | "rematriculado" | "bloqueado" | "indisponivel";
  cancelada: boolean;
}

export interface CampaignPage {
  /** The school's current year; the campaign re-enrolls for the one after it. */
  anoLetivo: number;
  query: CampaignQuery;
  options: CampaignOptions;
  counts: CampaignCounts;
  rows: CampaignRow[];
  /** Rows matching the situação filter too. */
  total: number;
  page: number;
  pageCount: number;
}

export const CAMPAIGN_PAGE_SIZE = 25;

interface RawRow {
  id: string | null; matricula: string | null; nome: string; responsavel_nome: string | null; unidade: string | null;
  serie: string | null; turma: string | null; status: string; situacao: CampaignRow["situacao"]; cancelada: boolean;
  c_total: number; c_pendente: number; c_rematriculado: number; c_bloqueado: number; c_indisponivel: number;
  c_cancelado: number; matched: number; ano_letivo: number;
}

export const toCampaignRow = (r: RawRow): CampaignRow => ({
  id: r.id!, matricula: r.matricula, nome: r.nome, responsavelNome: r.responsavel_nome, unidade: r.unidade, serie: r.serie,
  turma: r.turma, status: r.status, situacao: r.situacao, cancelada: r.cancelada,
});

/**
 * The home of the campaign (SPEC §6): the students of the filter, one page of
 * them in alphabetical order, the counts of the whole filter per situação, and
 * the options of the filters, and the school's year. Two statements sent
 * together: the school's options, and campaignRows.
 */
export async function listCampaign(
  session: TenantSession,
  requested: CampaignQuery,
  size = CAMPAIGN_PAGE_SIZE,
): Promise<CampaignPage> {
  assertCan(session, "rematricula");
  return withTenant({ ...session, cachedPlans: true }, async (tx) => {
    const wanted = Math.max(1, Math.trunc(requested.page) || 1);
    // The options and the page go out together: one round trip. Filters the
    // school does not have fall back to "all" (effectiveQuery); only then,
    // rarely, is the page asked again with them.
    const [options, first] = await Promise.all([readCampaignOptions(tx), campaignRows(tx, requested, wanted, size)]);
    const query = effectiveQuery(requested, options);
    const same = query.unidade === requested.unidade && query.serie === requested.serie && query.turma === requested.turma;
    const raw = same ? first : await campaignRows(tx, query, wanted, size);
    const head = raw[0];
    const total = head?.matched ?? 0;
    const pageCount = Math.max(1, Math.ceil(total / size));
    return {
      anoLetivo: head.ano_letivo,
      query: { ...query, page: Math.min(wanted, pageCount) },
      options,
      counts: toCounts(head),
      rows: raw.filter((row) => row.id !== null).map(toCampaignRow),
      total,
      page: Math.min(wanted, pageCount),
      pageCount,
    };
  });
}

/**
 * One statement: the check of every pending student of the filter, the counts
 * per situação and the page. The offset is clamped to the last page, so a
 * stale or huge page number still shows students.
 */
async function campaignRows(tx: Tx, query: CampaignQuery, wanted: number, size: number) {
  const r = await tx.execute(sql`
    with ${classifiedCtes(filterWhere(query))}, ${situacaoGroups(query.situacao)},
    counts as (select ${countColumns()}, ${ANO_ATUAL} as ano_letivo from groups),
    page as (
      select * from classified where ${situacaoWhere(query.situacao)}
      order by nome_norm, nome, id
      limit ${size}
      offset (select least(${(wanted - 1) * size}, (greatest(matched, 1) - 1) / ${size} * ${size}) from counts))
    select counts.*, page.id, page.matricula, page.nome, page.responsavel_nome, page.unidade, page.serie, page.turma,
      page.status, page.situacao, page.cancelada
    from counts left join page on true
    order by page.nome_norm, page.nome, page.id`);
  return rowsOf<RawRow & { nome_norm?: string }>(r);
}

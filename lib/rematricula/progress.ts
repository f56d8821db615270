import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { classifiedCtes } from "./classify-sql";
import { SERIES } from "./series";

/** Where one group of students stands. A cancelled rematrícula is pending again. */
export interface ProgressGroup {
  label: string;
  rematriculado: number;
  pendente: number;
  bloqueado: number;
}

export interface CampaignProgress {
  total: ProgressGroup;
  porUnidade: ProgressGroup[];
  porSerie: ProgressGroup[];
  /** Students outside the campaign (inativo, transferido, concluinte without a rematrícula). */
  indisponiveis: number;
}

interface Raw {
  by_unidade: number; by_serie: number; unidade: string | null; serie: string | null;
  rematriculado: number; pendente: number; bloqueado: number; indisponivel: number;
}

const ladder = (s: string) => {
  const i = SERIES.indexOf(s as (typeof SERIES)[number]);
  return i < 0 ? SERIES.length : i;
};

const group = (label: string, r: Raw): ProgressGroup =>
  ({ label, rematriculado: r.rematriculado, pendente: r.pendente, bloqueado: r.bloqueado });

/**
 * The school's campaign per unidade and per série (SPEC §6), in one statement:
 * blocked counts come from check_inadimplencia, never from reading the list.
 */
export async function getCampaignProgress(session: TenantSession): Promise<CampaignProgress> {
  assertCan(session, "rematricula.progress");
  const rows = await withTenant(session, async (tx) => rowsOf<Raw>(await tx.execute(sql`
    with ${classifiedCtes(sql`true`)}
    select grouping(unidade) = 0 as by_unidade, grouping(serie) = 0 as by_serie, unidade, serie,
      count(*) filter (where situacao = 'rematriculado')::int as rematriculado,
      count(*) filter (where situacao = 'pendente')::int as pendente,
      count(*) filter (where situacao = 'bloqueado')::int as bloqueado,
      count(*) filter (where situacao = 'indisponivel')::int as indisponivel
    from classified
    group by grouping sets ((unidade), (serie), ())`)));
  const total = rows.find((r) => !r.by_unidade && !r.by_serie);
  const inCampaign = (r: Raw) => r.rematriculado + r.pendente + r.bloqueado > 0;
  return {
    total: total ? group("Escola", total) : { label: "Escola", rematriculado: 0, pendente: 0, bloqueado: 0 },
    porUnidade: rows.filter((r) => r.by_unidade && inCampaign(r))
      .map((r) => group(r.unidade ?? "Sem unidade", r))
      .sort((a, b) => a.label.localeCompare(b.label, "pt-BR")),
    porSerie: rows.filter((r) => r.by_serie && inCampaign(r))
      .sort((a, b) => ladder(a.serie ?? "") - ladder(b.serie ?? "") || (a.serie ?? "").localeCompare(b.serie ?? "", "pt-BR"))
      .map((r) => group(r.serie ?? "Sem série", r)),
    indisponiveis: total?.indisponivel ?? 0,
  };
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { ANO_ATUAL } from "./ano";
import { classifiedCtes } from "./classify-sql";
import { bySchoolOrder } from "./series";

/** Where one group of students stands. A cancelled rematrícula is pending again. */
export interface ProgressGroup {
  label: string;
  rematriculado: number;
  pendente: number;
  bloqueado: number;
}

export interface CampaignProgress {
  /** The school's current year; the campaign re-enrolls for the one after it. */
  anoLetivo: number;
  total: ProgressGroup;
  porUnidade: ProgressGroup[];
  porSerie: ProgressGroup[];
  /** Students outside the campaign (inativo, transferido, concluinte without a rematrícula). */
  indisponiveis: number;
}

interface Raw {
  by_unidade: number; by_serie: number; unidade: string | null; serie: string | null;
  rematriculado: number; pendente: number; bloqueado: number; indisponivel: number; ano_letivo: number;
}

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
      count(*) filter (where situacao = 'indisponivel')::int as indisponivel,
      ${ANO_ATUAL} as ano_letivo
    from classified
    group by grouping sets ((unidade), (serie), ())`)));
  const total = rows.find((r) => !r.by_unidade && !r.by_serie);
  const inCampaign = (r: Raw) => r.rematriculado + r.pendente + r.bloqueado > 0;
  const [{ ano_letivo }] = rows;
  return {
    anoLetivo: ano_letivo,
    total: total ? group("Escola", total) : { label: "Escola", rematriculado: 0, pendente: 0, bloqueado: 0 },
    porUnidade: rows.filter((r) => r.by_unidade && inCampaign(r))
      .map((r) => group(r.unidade ?? "Sem unidade", r))
      .sort((a, b) => a.label.localeCompare(b.label, "pt-BR")),
    porSerie: rows.filter((r) => r.by_serie && inCampaign(r))
      .sort((a, b) => bySchoolOrder(a.serie ?? "", b.serie ?? ""))
      .map((r) => group(r.serie ?? "Sem série", r)),
    indisponiveis: total?.indisponivel ?? 0,
  };
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { readFlags, type InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { SCHOOL_TZ } from "@/lib/inadimplencia/stats";
import { NO_JIT, rowMatchesCtes, UNMATCHED_ROW } from "@/lib/inadimplencia/match-report";
import { classifiedCtes } from "@/lib/rematricula/classify-sql";

/**
 * The rollout of seed 001 §10: off, Day 1 (the check shows on the screens only)
 * and Day 2 (the server refuses too). Server enforcement without the check
 * blocks nobody — the check answers "not delinquent" for everyone — so it is
 * still "desligado".
 */
export type RolloutStage = "desligado" | "dia1" | "dia2";

export function rolloutStage(flags: Pick<InadimplenciaFlags, "enabled" | "enforcementServerEnabled">): RolloutStage {
  if (!flags.enabled) return "desligado";
  return flags.enforcementServerEnabled ? "dia2" : "dia1";
}

export const ATTEMPT_DAYS = 7;

export interface RolloutNumbers {
  /** Students of the campaign the check blocks now (situação "bloqueado"). */
  bloqueados: number;
  /** Finalize attempts refused by the server, today and in the last ATTEMPT_DAYS days (school time). */
  recusadasHoje: number;
  recusadasPeriodo: number;
  /** Finalizes let through with enforcement off that it would have refused. */
  seriamHoje: number;
  seriamPeriodo: number;
  liberacoesVigentes: number;
  linhasAtivas: number;
  /** Active list rows that match no student of the school by the check's rule (the match report's first finding). */
  linhasSemAluno: number;
}

export interface RolloutPanel {
  flags: InadimplenciaFlags;
  stage: RolloutStage;
  numbers: RolloutNumbers;
}

/**
 * The figures the admin needs before moving a stage, read in one transaction
 * with the flags they describe. The blocked count comes from the campaign's
 * own classification (check_inadimplencia), so it is what the secretaria sees.
 * The unmatched rows come from the match report's own query
 * (lib/inadimplencia/match-report.ts), which matches through the check's rule.
 */
export async function rolloutPanel(session: TenantSession): Promise<RolloutPanel> {
  assertCan(session, "config");
  return withTenant(session, async (tx) => {
    const flags = await readFlags(tx);
    await tx.execute(NO_JIT);
    const [n] = rowsOf<RolloutNumbers>(await tx.execute(sql`
      with ${classifiedCtes(sql`true`)}, ${rowMatchesCtes()},
      today as (select ((now() at time zone ${SCHOOL_TZ})::date)::timestamp at time zone ${SCHOOL_TZ} as start),
      events as (
        select kind, at >= (select start from today) as hoje from rematricula_events
        where at >= (select start from today) - ${`${ATTEMPT_DAYS - 1} days`}::interval)
      select
        (select count(*)::int from classified where situacao = 'bloqueado') as "bloqueados",
        (select count(*)::int from events where kind = 'blocked' and hoje) as "recusadasHoje",
        (select count(*)::int from events where kind = 'blocked') as "recusadasPeriodo",
        (select count(*)::int from events where kind = 'would_block' and hoje) as "seriamHoje",
        (select count(*)::int from events where kind = 'would_block') as "seriamPeriodo",
        (select count(*)::int from liberacoes where revoked_at is null and valid_until > now()) as "liberacoesVigentes",
        (select count(*)::int from inadimplentes where is_active) as "linhasAtivas",
        (select count(*)::int from row_matches m where ${UNMATCHED_ROW}) as "linhasSemAluno"`));
    return { flags, stage: rolloutStage(flags), numbers: n };
  });
}

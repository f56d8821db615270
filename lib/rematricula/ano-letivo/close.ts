import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Tx } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError, forbidden } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { ANO_ATUAL, ANO_LETIVO_KEY } from "../ano";
import { lockSchoolYear } from "../year-lock";
import { planCte, type PlanGroup } from "./plan";
import { summarize, type TurnSummary } from "./summary";

export const closeInput = z.object({
  anoLetivo: z.coerce.number({ error: "Ano letivo inválido." }).int({ error: "Ano letivo inválido." })
    .min(2000, { error: "Ano letivo inválido." }).max(2099, { error: "Ano letivo inválido." }),
  deactivate: z.boolean({ error: "Escolha o que fazer com os alunos sem rematrícula concluída." }),
});

export interface TurnResult extends TurnSummary {
  batchId: string;
  fromYear: number;
  toYear: number;
}

/** The school's year as this transaction sees it, read after the lock. */
export async function schoolYear(tx: Tx): Promise<number> {
  return rowsOf<{ ano: number }>(await tx.execute(sql`select ${ANO_ATUAL} as ano`))[0].ano;
}

const alreadyClosed = (year: number, now: number) => new AppError("CONFLICT",
  `O ano letivo ${year} já foi encerrado: o ano atual da escola é ${now}. Recarregue a página para ver a situação atual.`);

/**
 * "Encerrar o ano letivo" (SPEC §2, admins only): in one transaction, the plan
 * of plan.ts is applied to every `ativo` student, recorded as a batch with each
 * changed student's state before and after, and the school's year advances.
 * The next campaign then finds every `ativo` student pending. `anoLetivo` is
 * the year the admin previewed: once that year is closed, the same request
 * (a second click, a second tab, a replay) changes nothing — no student ever
 * moves two years. The finance list, the liberações and the rematrículas are
 * not touched.
 */
export async function closeSchoolYear(session: TenantSession, input: unknown): Promise<TurnResult> {
  assertCan(session, "people");
  const { anoLetivo: fromYear, deactivate } = parseInput(closeInput, input);
  return withTenant(session, async (tx) => {
    await lockSchoolYear(tx);
    const now = await schoolYear(tx);
    if (now !== fromYear) throw alreadyClosed(fromYear, now);
    await tx.execute(sql`select set_config('app.audit_action', 'ano_letivo', true)`);
    const rows = rowsOf<PlanGroup & { batch_id: string }>(await tx.execute(sql`
      with ${planCte({ fromYear, deactivate, lock: true })},
      batch as (
        insert into ano_letivo_batches (tenant_id, from_year, to_year, deactivate, author,
          promoted, concluded, deactivated, kept)
        select (select app_tenant()), ${fromYear}::int, ${fromYear + 1}::int, ${deactivate}::boolean, (select app_user()),
          count(*) filter (where outcome = 'promoted'), count(*) filter (where outcome = 'concluded'),
          count(*) filter (where outcome = 'deactivated'), count(*) filter (where outcome = 'kept')
        from plan
        returning id),
      recorded as (
        insert into ano_letivo_batch_alunos (tenant_id, batch_id, aluno_id, outcome,
          before_serie, before_turma, before_ano_letivo, before_status,
          after_serie, after_turma, after_ano_letivo, after_status)
        select (select app_tenant()), (select id from batch), p.id, p.outcome, p.serie, p.turma, p.ano_letivo, p.status,
          p.after_serie, p.after_turma, p.after_ano_letivo, p.after_status
        from plan p where p.outcome <> 'kept'),
      moved as (
        update alunos a set serie = p.after_serie, turma = p.after_turma, ano_letivo = p.after_ano_letivo,
          status = p.after_status, updated_at = now()
        from plan p where a.tenant_id = (select app_tenant()) and a.id = p.id and p.outcome <> 'kept')
      select b.id as batch_id, g.serie, g.after_serie, g.outcome, g.n
      from batch b left join lateral (
        select serie, after_serie, outcome, count(*)::int as n from plan group by 1, 2, 3) g on true`));
    await setSchoolYear(tx, fromYear + 1);
    return {
      batchId: rows[0].batch_id, fromYear, toYear: fromYear + 1,
      ...summarize(rows.filter((r) => r.outcome !== null)),
    };
  }).catch((e: unknown) => {
    // The database's guards: a turn of this year that is not undone already
    // exists (a race past the lock), or the role may not write (42501).
    if (pgCode(e) === "23505") throw alreadyClosed(fromYear, fromYear + 1);
    if (pgCode(e) === "42501") throw forbidden();
    throw e;
  });
}

/** Writes the school's year (the setting's own trigger audits it). */
export async function setSchoolYear(tx: Tx, year: number): Promise<void> {
  await tx.execute(sql`insert into system_config (tenant_id, key, value, updated_by)
    values ((select app_tenant()), ${ANO_LETIVO_KEY}, to_jsonb(${year}::int), (select app_user()))
    on conflict (tenant_id, key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`);
}

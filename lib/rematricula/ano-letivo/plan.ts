import { sql, type SQL } from "drizzle-orm";
import { nextSerie, SERIES } from "../series";

/** What the turn does to an `ativo` student; `kept` ones are not touched (nor recorded). */
export type Outcome = "promoted" | "concluded" | "deactivated" | "kept";

/** nextSerie's word for "after the last série": the student finished school. */
const CONCLUINTE = nextSerie(SERIES[SERIES.length - 1]);

// The ladder of series.ts, as the SQL side reads it: série → the next one.
const NEXT_SERIE = JSON.stringify(Object.fromEntries(SERIES.map((s) => [s, nextSerie(s)])));

/**
 * CTE `plan` (to follow a `with`): every `ativo` student of the request's
 * school, the turn's outcome for them and their state after it.
 * - A finished (`concluida`) rematrícula for `fromYear + 1` moves the student to
 *   the série it recorded (the next rung when it recorded none; their own when
 *   their série is not on the ladder) and to the new year, turma cleared — or,
 *   after the last série, makes them `concluinte`, série and year kept as the
 *   record of what they finished.
 * - Without one, the student becomes `inativo` when `deactivate`, else is kept.
 * Students who are not `ativo` are outside the campaign and never touched.
 * With `lock`, the students' rows are locked as they are read, so the commit
 * records exactly the state it replaces.
 */
export function planCte({ fromYear, deactivate, lock }: { fromYear: number; deactivate: boolean; lock: boolean }): SQL {
  const toYear = fromYear + 1;
  const destino = sql`coalesce(r.serie_destino, ${NEXT_SERIE}::jsonb ->> a.serie)`;
  return sql`plan as (
    select a.id, a.nome, a.serie, a.turma, a.ano_letivo, a.status, o.outcome,
      case when o.outcome = 'promoted' then coalesce(${destino}, a.serie) else a.serie end as after_serie,
      case when o.outcome = 'promoted' then null else a.turma end as after_turma,
      case when o.outcome = 'promoted' then ${toYear}::int else a.ano_letivo end as after_ano_letivo,
      case o.outcome when 'concluded' then 'concluinte' when 'deactivated' then 'inativo' else 'ativo' end as after_status
    from alunos a
    left join rematriculas r on r.tenant_id = a.tenant_id and r.aluno_id = a.id
      and r.ano_letivo = ${toYear}::int and r.status = 'concluida'
    cross join lateral (select case
        when r.id is null then case when ${deactivate}::boolean then 'deactivated' else 'kept' end
        when ${destino} = ${CONCLUINTE} then 'concluded'
        else 'promoted' end as outcome) o
    where a.status = 'ativo'
    ${lock ? sql`for update of a` : sql``})`;
}

/** The plan counted per série before, série after and outcome: what the summary is built from. */
export const PLAN_GROUPS = sql`select serie, after_serie, outcome, count(*)::int as n from plan group by 1, 2, 3`;

export interface PlanGroup {
  serie: string | null;
  after_serie: string | null;
  outcome: Outcome;
  n: number;
}

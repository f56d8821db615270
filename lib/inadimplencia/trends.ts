import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { toCsv } from "@/lib/csv/export";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { cleanText } from "@/lib/rematricula/campaign-query";
import { SCHOOL_TZ } from "./stats";

export const TREND_WEEKS = 52;

/** One week (Monday to Sunday, school time) of the list's history. */
export interface TrendWeek {
  /** The Monday, YYYY-MM-DD. */
  week: string;
  /** Active rows at the end of the week. */
  ativos: number;
  /** Rows that became active during the week (created, restored, re-activated by an import or its undo). */
  incluidos: number;
  /** Rows that stopped being active (paid, deleted, left out of a "replace" import, an import undone). */
  removidos: number;
  /** Sum of the active rows' months at the end of the week. */
  meses: number;
  /** Finalize attempts the server refused. */
  bloqueios: number;
  liberacoes: number;
}

/** The series, in the order of the page's table and of the CSV. */
export const TREND_SERIES: { key: Exclude<keyof TrendWeek, "week">; label: string }[] = [
  { key: "ativos", label: "Registros ativos" },
  { key: "incluidos", label: "Incluídos" },
  { key: "removidos", label: "Removidos" },
  { key: "meses", label: "Meses em atraso (soma)" },
  { key: "bloqueios", label: "Tentativas bloqueadas" },
  { key: "liberacoes", label: "Liberações concedidas" },
];

export interface Trends {
  /** The unidade the series is for, or "" for the whole school. */
  unidade: string;
  unidades: string[];
  weeks: TrendWeek[];
}

/**
 * Whether a snapshot of a list row (`before`/`after` of the audit) counts in
 * the scope: active, and for a unidade, its school column naming that unidade
 * (normalised as everywhere, so "CENTRO " is Centro).
 */
function inScope(snapshot: SQL, unidade: string): SQL {
  const active = sql`coalesce((${snapshot} ->> 'is_active')::boolean, false)`;
  return unidade ? sql`(${active} and norm_text(${snapshot} ->> 'student_escola') = norm_text(${unidade}))` : active;
}

/**
 * The list's weekly series for the last TREND_WEEKS weeks, rebuilt from the
 * audit history rather than from snapshots a job would have to take: every
 * change of a list row is in inadimplentes_audit with the row before and after
 * (insert, edit, soft delete, restore, import, import undo), so each change
 * adds or removes one row (and its months) from the scope; the active count at
 * the end of a week is the sum of all changes up to then. Refused attempts come
 * from rematricula_events and liberações from audit_log; for a unidade, those
 * follow the student's unidade.
 */
export async function listTrends(session: TenantSession, requestedUnidade = ""): Promise<Trends> {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => {
    const unidades = rowsOf<{ name: string }>(await tx.execute(sql`select name from unidades order by name`)).map((u) => u.name);
    // An unknown unidade (a stale or edited link) shows the whole school, never an empty series.
    const wanted = cleanText(requestedUnidade, 200);
    const unidade = unidades.find((u) => u === wanted) ?? "";
    const student = unidade ? sql`join alunos a on a.id = x.aluno_id and a.unidade = ${unidade}` : sql``;
    const weeks = rowsOf<TrendWeek>(await tx.execute(sql`
      with weeks as (
        select w::date as week from generate_series(
          date_trunc('week', now() at time zone ${SCHOOL_TZ}) - ${`${TREND_WEEKS - 1} weeks`}::interval,
          date_trunc('week', now() at time zone ${SCHOOL_TZ}), interval '1 week') w),
      start as (select min(week)::timestamp at time zone ${SCHOOL_TZ} as at from weeks),
      changes as (
        select date_trunc('week', c.at at time zone ${SCHOOL_TZ})::date as week,
          ${inScope(sql`c.after`, unidade)}::int as now_in, ${inScope(sql`c.before`, unidade)}::int as was_in,
          coalesce((c.after ->> 'meses_inadim')::int, 0) as am, coalesce((c.before ->> 'meses_inadim')::int, 0) as bm
        from inadimplentes_audit c),
      per_week as (
        select greatest(week, (select min(week) from weeks)) as week,
          count(*) filter (where now_in = 1 and was_in = 0 and week >= (select min(week) from weeks)) as incluidos,
          count(*) filter (where was_in = 1 and now_in = 0 and week >= (select min(week) from weeks)) as removidos,
          sum(now_in - was_in) as d_rows, sum(now_in * am - was_in * bm) as d_months
        from changes group by 1),
      blocked as (
        select date_trunc('week', x.at at time zone ${SCHOOL_TZ})::date as week, count(*) as n
        from rematricula_events x ${student}
        where x.kind = 'blocked' and x.at >= (select at from start) group by 1),
      granted as (
        select date_trunc('week', x.at at time zone ${SCHOOL_TZ})::date as week, count(*) as n
        from (select l.at, (l.after ->> 'aluno_id')::uuid as aluno_id from audit_log l
              where l.entity = 'liberacao' and l.action = 'insert' and l.at >= (select at from start)) x ${student}
        group by 1)
      select w.week::text as week,
        (sum(coalesce(p.d_rows, 0)) over (order by w.week))::int as ativos,
        coalesce(p.incluidos, 0)::int as incluidos, coalesce(p.removidos, 0)::int as removidos,
        (sum(coalesce(p.d_months, 0)) over (order by w.week))::int as meses,
        coalesce(b.n, 0)::int as bloqueios, coalesce(g.n, 0)::int as liberacoes
      from weeks w
      left join per_week p on p.week = w.week
      left join blocked b on b.week = w.week
      left join granted g on g.week = w.week
      order by w.week`));
    return { unidade, unidades, weeks };
  });
}

/** The series as the page's table shows it, for a spreadsheet: one line per week, the scope in the first column. */
export function trendsCsv(trends: Trends): string {
  const scope = trends.unidade || "Escola inteira";
  return toCsv(["unidade", "semana", ...TREND_SERIES.map((s) => s.label)],
    trends.weeks.map((w) => [scope, w.week, ...TREND_SERIES.map((s) => w[s.key])]));
}

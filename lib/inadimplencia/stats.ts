import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";

export const MONTH_BUCKETS = [
  { key: "1", label: "1 mês" },
  { key: "2-3", label: "2 a 3 meses" },
  { key: "4-6", label: "4 a 6 meses" },
  { key: "7-12", label: "7 a 12 meses" },
  { key: "13+", label: "13 meses ou mais" },
  { key: "none", label: "Sem informação" },
] as const;

export type MonthBucket = (typeof MONTH_BUCKETS)[number]["key"];

export const STATS_DAYS = 30;
// Schools work on Brazilian time: an attempt at 22:00 belongs to that day, not to UTC's next one.
export const SCHOOL_TZ = "America/Sao_Paulo";

/** How many recent changes the page shows by default, and at most (seed 001: get_recent_inadimplentes_changes(limit)). */
export const RECENT_DEFAULT = 10;
export const RECENT_MAX = 200;

export interface SchoolCount { key: string; label: string; count: number }
export interface BucketCount { bucket: MonthBucket; label: string; count: number }
export interface DayAttempts { day: string; blocked: number; wouldBlock: number }
export interface RecentChange {
  at: string;
  action: string;
  actorName: string | null;
  studentName: string | null;
  changed: { field: string; before: unknown; after: unknown }[];
}

export interface InadimplenciaStats {
  bySchool: SchoolCount[];
  byMonths: BucketCount[];
  attempts: { days: DayAttempts[]; blocked: number; wouldBlock: number };
  recent: RecentChange[];
}

// The columns a person edits; the rest (ids, generated columns, timestamps) is noise in a summary.
const TRACKED = ["codigo_inadim", "student_name", "guardian1_name", "student_escola", "meses_inadim", "is_active",
  "deleted_reason"] as const;

function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  return TRACKED.filter((f) => JSON.stringify(before?.[f] ?? null) !== JSON.stringify(after?.[f] ?? null))
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }));
}

/** The last `STATS_DAYS` days as YYYY-MM-DD, oldest first, ending on `today`. */
function lastDays(today: string): string[] {
  const end = new Date(`${today}T00:00:00Z`);
  return Array.from({ length: STATS_DAYS }, (_, i) => {
    const d = new Date(end);
    d.setUTCDate(end.getUTCDate() - (STATS_DAYS - 1 - i));
    return d.toISOString().slice(0, 10);
  });
}

/**
 * The figures of the stats page, read in one transaction (so they agree with
 * each other) through RLS as the finance user: one query per figure. The
 * recent changes are the latest `recentLimit` (clamped to 1..RECENT_MAX).
 */
export async function inadimplenciaStats(session: TenantSession, recentLimit = RECENT_DEFAULT): Promise<InadimplenciaStats> {
  assertCan(session, "inadimplentes.read");
  const limit = Number.isSafeInteger(recentLimit) ? Math.min(Math.max(recentLimit, 1), RECENT_MAX) : RECENT_DEFAULT;
  return withTenant(session, async (tx) => {
    // Grouped by the normalised school so "Centro" and "CENTRO " count once;
    // the label is the spelling most rows use.
    const bySchool = rowsOf<SchoolCount>(await tx.execute(sql`
      select coalesce(student_escola_norm, '') as key,
             coalesce(mode() within group (order by btrim(student_escola)), '') as label,
             count(*)::int as count
      from inadimplentes where is_active
      group by 1 order by count desc, key`));
    const buckets = rowsOf<{ bucket: MonthBucket; count: number }>(await tx.execute(sql`
      select case when meses_inadim is null or meses_inadim <= 0 then 'none'
                  when meses_inadim = 1 then '1'
                  when meses_inadim <= 3 then '2-3'
                  when meses_inadim <= 6 then '4-6'
                  when meses_inadim <= 12 then '7-12'
                  else '13+' end as bucket,
             count(*)::int as count
      from inadimplentes where is_active group by 1`));
    const attemptRows = rowsOf<{ today: string; day: string | null; blocked: number; would_block: number }>(
      await tx.execute(sql`
        with today as (select (now() at time zone ${SCHOOL_TZ})::date as d)
        select today.d::text as today, e.day::text as day,
               coalesce(e.blocked, 0)::int as blocked, coalesce(e.would_block, 0)::int as would_block
        from today left join (
          select (at at time zone ${SCHOOL_TZ})::date as day,
                 count(*) filter (where kind = 'blocked') as blocked,
                 count(*) filter (where kind = 'would_block') as would_block
          from rematricula_events
          where at >= ((now() at time zone ${SCHOOL_TZ})::date - ${STATS_DAYS - 1}::int)::timestamp at time zone ${SCHOOL_TZ}
          group by 1
        ) e on true`));
    const recentRows = rowsOf<{
      at: string; action: string; actor_name: string | null;
      before: Record<string, unknown> | null; after: Record<string, unknown> | null;
    }>(await tx.execute(sql`
      select a.at::text as at, a.action, u.name as actor_name, a.before, a.after
      from inadimplentes_audit a left join users u on u.id = a.actor
      order by a.at desc, a.id desc limit ${limit}`));

    const perDay = new Map(attemptRows.filter((r) => r.day).map((r) => [r.day!, r]));
    const days = lastDays(attemptRows[0].today).map((day) => ({
      day, blocked: perDay.get(day)?.blocked ?? 0, wouldBlock: perDay.get(day)?.would_block ?? 0,
    }));
    const countOf = new Map(buckets.map((b) => [b.bucket, b.count]));
    return {
      bySchool,
      byMonths: MONTH_BUCKETS.map((b) => ({ bucket: b.key, label: b.label, count: countOf.get(b.key) ?? 0 })),
      attempts: {
        days,
        blocked: days.reduce((n, d) => n + d.blocked, 0),
        wouldBlock: days.reduce((n, d) => n + d.wouldBlock, 0),
      },
      recent: recentRows.map((r) => ({
        at: r.at,
        action: r.action,
        actorName: r.actor_name,
        studentName: (r.after?.student_name ?? r.before?.student_name ?? null) as string | null,
        changed: changedFields(r.before, r.after),
      })),
    };
  });
}

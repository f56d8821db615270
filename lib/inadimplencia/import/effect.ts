import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { NO_JIT } from "@/lib/inadimplencia/match-report";
import { HELD_MATCH } from "@/lib/inadimplencia/active-key";
import { matchPairs } from "@/lib/inadimplencia/match-pairs";
import { NOT_NAMED_BY_FILE } from "./stage";
import type { ImportEffect, ImportMode } from "./types";

/**
 * What the staged file does to who is blocked (issue 18), for the preview and
 * the commit alike, run after stageRows and before the list is written.
 *
 * Each staged row becomes the list row the commit will store (its link, its
 * normalised keys), and goes through inadimplencia_matches, the check's own
 * rule, with the school's match flags: the counts are what the check will do,
 * not a second opinion. The list after the commit is those rows plus the
 * active rows the file leaves alone (in upsert mode, those it does not name;
 * in replace mode, only those an invalid line of the file holds).
 *
 * "Serão bloqueados" and "deixarão de ser bloqueados" leave out a student with
 * a valid liberação (liberacao_em_vigor, the function the check asks): the
 * check does not stop them before the commit nor after it.
 *
 * Leaves `import_after_match` (line, aluno_id) for perRowBlocks; the line is
 * null for the surviving rows of the list.
 */
export async function computeEffect(tx: Tx, mode: ImportMode): Promise<ImportEffect> {
  await tx.execute(NO_JIT);
  const survivors = mode === "replace" ? sql`exists (select 1 from import_held s where ${HELD_MATCH})` : sql`true`;
  await tx.execute(sql`create temp table import_after on commit drop as
    select s.line, s.link_aluno_id as aluno_id, s.name_norm, jsonb_populate_record(null::inadimplentes, jsonb_build_object(
        'tenant_id', (select app_tenant()), 'is_active', true, 'aluno_id', s.link_aluno_id,
        'student_name_norm', s.name_norm, 'guardian1_name_norm', nullif(s.guardian_norm, ''),
        'student_escola_norm', nullif(s.escola_norm, ''))) as r
    from import_stage s
    union all
    select null, i.aluno_id, i.student_name_norm, i from inadimplentes i
    where i.tenant_id = (select app_tenant()) and i.is_active
      and ${NOT_NAMED_BY_FILE}
      and ${survivors}`);
  // Statistics first, also of the record's school (the rule compares it with
  // the student's), or the planner takes the table for a few rows and loops
  // over the students per row: 70 s for 50 000 rows.
  await tx.execute(sql`create statistics pg_temp.import_after_tenant on ((r).tenant_id) from import_after`);
  await tx.execute(sql`analyze import_after`);
  await tx.execute(sql`create temp table import_after_match on commit drop as
    ${matchPairs({
      from: sql`import_after x`,
      row: sql`x.r`,
      keys: { alunoId: sql`x.aluno_id`, nameNorm: sql`x.name_norm` },
      columns: sql`x.line, a.id as aluno_id`,
    })}`);
  const [e] = rowsOf<ImportEffect>(await tx.execute(sql`with cfg as (select * from inadimplencia_match_cfg((select app_tenant()))),
      blocked_now as (
        select distinct id from (${matchPairs({
          from: sql`inadimplentes i`,
          row: sql`i`,
          keys: { alunoId: sql`i.aluno_id`, nameNorm: sql`i.student_name_norm` },
          columns: sql`a.id`,
          where: sql`i.tenant_id = (select app_tenant()) and i.is_active`,
        })}) p),
      -- The students the file's rows match whom the check would stop: a valid
      -- liberação lets a student through, by the check's own function, asked
      -- once per student (asked per matched row it was 80 000 calls and about
      -- a second of a 100 000-row file's preview, and again of its commit).
      -- Materialized, or the planner pushes the test below the DISTINCT again.
      matched_after as materialized (
        select distinct aluno_id as id from import_after_match where line is not null),
      blocked_after as (
        select id from matched_after where not liberacao_em_vigor((select app_tenant()), id))
    select (select enabled from cfg) as "checkEnabled",
      (select count(*)::int from blocked_after) as "blocks",
      (select count(*)::int from blocked_now b
        where not liberacao_em_vigor((select app_tenant()), b.id)
          and not exists (select 1 from import_after_match m where m.aluno_id = b.id)) as "unblocks",
      (select count(*)::int from import_stage s
        where not exists (select 1 from import_after_match m where m.line = s.line)) as "unmatchedRows"`));
  return { checkEnabled: Boolean(e.checkEnabled), blocks: Number(e.blocks), unblocks: Number(e.unblocks), unmatchedRows: Number(e.unmatchedRows) };
}

/** How many students each of the given lines will block, by the same rule (after computeEffect). */
export async function perRowBlocks(tx: Tx, lines: readonly number[]): Promise<Map<number, number>> {
  if (lines.length === 0) return new Map();
  const rows = rowsOf<{ line: number; n: number }>(await tx.execute(sql`select line, count(*)::int as n
    from import_after_match
    where line in (select jsonb_array_elements_text(${JSON.stringify(lines)}::jsonb)::int)
    group by line`));
  return new Map(rows.map((r) => [Number(r.line), Number(r.n)]));
}

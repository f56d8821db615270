import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ImportRow } from "./types";

// The list's natural key, exactly as the partial unique index
// inadimplentes_active_key spells it, so the staging, the preview and the
// upsert's ON CONFLICT all agree on which rows are "the same".
export const ACTIVE_KEY_MATCH = sql`i.student_name_norm = s.name_norm
  and coalesce(i.guardian1_name_norm, '') = s.guardian_norm
  and coalesce(i.student_escola_norm, '') = s.escola_norm`;

/**
 * Loads the rows once into a temporary table that lives only as long as the
 * transaction (ON COMMIT DROP, and a rollback drops it too), so every later step
 * is a handful of set-based statements rather than a query per row. The rows
 * travel as one JSON parameter: a 100 000-row file would overflow the 65 535
 * bind parameters a statement may have. Two rows of the file with the same key
 * keep the later line, as the file's own duplicate warning says.
 */
export async function stageRows(tx: Tx, rows: readonly ImportRow[]): Promise<void> {
  await tx.execute(sql`create temp table import_stage (
      line integer primary key,
      codigo_inadim text,
      student_name text not null,
      guardian1_name text,
      student_escola text,
      meses_inadim integer,
      name_norm text not null,
      guardian_norm text not null,
      escola_norm text not null,
      existing_id uuid,
      action text,
      match_count integer,
      aluno_id uuid,
      aluno_nome text
    ) on commit drop`);
  // PostgreSQL refuses NUL in text and jsonb; the front half strips it, this
  // keeps a stray one from turning into a 500 all the same.
  const payload = JSON.stringify(
    rows.map((r) => ({
      line: r.line,
      codigo_inadim: r.codigoInadim,
      student_name: r.studentName,
      guardian1_name: r.guardian1Name,
      student_escola: r.studentEscola,
      meses_inadim: r.mesesInadim,
    })),
    (_key, value: unknown) => (typeof value === "string" ? value.replace(/\u0000/g, "") : value),
  );
  await tx.execute(sql`insert into import_stage
      (line, codigo_inadim, student_name, guardian1_name, student_escola, meses_inadim, name_norm, guardian_norm, escola_norm)
    select distinct on (name_norm, guardian_norm, escola_norm)
      line, codigo_inadim, student_name, guardian1_name, student_escola, meses_inadim, name_norm, guardian_norm, escola_norm
    from (
      select r.*, norm_text(r.student_name) as name_norm,
        coalesce(norm_text(r.guardian1_name), '') as guardian_norm,
        coalesce(norm_text(r.student_escola), '') as escola_norm
      from jsonb_to_recordset(${payload}::jsonb) as r(line integer, codigo_inadim text, student_name text,
        guardian1_name text, student_escola text, meses_inadim integer)
    ) x
    order by name_norm, guardian_norm, escola_norm, line desc`);
  // Temporary tables get no statistics by themselves; without them the planner
  // guesses a few rows and picks nested loops for a 100 000-row join.
  await tx.execute(sql`analyze import_stage`);
}

/**
 * Marks each staged row as new, updated or unchanged against the active list
 * (RLS and the tenant predicate keep it to the request's school).
 */
export async function classifyStage(tx: Tx): Promise<void> {
  await tx.execute(sql`update import_stage s set existing_id = i.id,
      action = case when (i.codigo_inadim, i.meses_inadim, i.student_name, i.guardian1_name, i.student_escola)
        is not distinct from (s.codigo_inadim, s.meses_inadim, s.student_name, s.guardian1_name, s.student_escola)
        then 'unchanged' else 'updated' end
    from inadimplentes i
    where i.tenant_id = (select app_tenant()) and i.is_active and ${ACTIVE_KEY_MATCH}`);
  await tx.execute(sql`update import_stage set action = 'new' where action is null`);
}

/** The active rows absent from the file: what replace mode deactivates, preview and commit alike. */
export const ABSENT_FROM_FILE = sql`i.tenant_id = (select app_tenant()) and i.is_active
  and not exists (select 1 from import_stage s where ${ACTIVE_KEY_MATCH})`;

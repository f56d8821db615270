import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { EMPTY_REPLACE } from "./load-file";
import { closeBatch, openBatch } from "@/lib/import/batch-record";
import { lockImports } from "@/lib/import/lock";
import { computeEffect } from "./effect";
import { ACTIVE_KEY_COLUMNS } from "@/lib/inadimplencia/active-key";
import { ABSENT_FROM_FILE, type Choices, stageRows } from "./stage";
import { stagedWarnings } from "./staged-warnings";
import { PREVIEW_ROW_CAP, type CommitReport, type ImportMode, type LoadedFile } from "./types";

export { STORED_ISSUES_CAP } from "@/lib/import/batch-record";

/** The commit of a file already read, validated and checked against its preview, with the students chosen there. */
export async function commitLoaded(
  session: TenantSession, loaded: LoadedFile, mode: ImportMode, choices: Choices = {},
): Promise<CommitReport> {
  assertCan(session, "inadimplentes.write");
  if (mode === "replace" && loaded.rows.length === 0) throw new AppError("VALIDATION", EMPTY_REPLACE);
  return withTenant({ ...session, cachedPlans: true }, async (tx) => {
    await lockImports(tx);
    // The audit trigger reads the batch from the settings openBatch makes, so
    // every row this transaction touches is recorded against it: that is what undo replays.
    const batchId = await openBatch(tx, "inadimplentes", loaded, mode);
    await stageRows(tx, loaded.rows, { held: loaded.held, choices });
    const warnings = await stagedWarnings(tx, loaded);
    // Measured on the staged rows before the list changes, as the preview did.
    const effect = await computeEffect(tx, mode);
    // Deactivate before the upsert: both sides of the "absent" test are then
    // the rows as the preview saw them, so the set is exactly the announced one.
    const deactivated = mode === "replace" ? await deactivateAbsent(tx, loaded.fileName, batchId) : 0;
    const adopted = await updateAdopted(tx);
    const { inserted, updated } = await upsertStage(tx);
    const counts = {
      inserted,
      updated: updated + adopted,
      unchanged: (await stagedCount(tx)) - inserted - updated - adopted,
      deactivated,
      invalid: loaded.invalid.length,
      warnings: warnings.length,
    };
    await closeBatch(tx, batchId, counts, { invalid: loaded.invalid, warnings });
    return {
      ok: true,
      batchId,
      fileName: loaded.fileName,
      mode,
      counts,
      effect,
      invalid: loaded.invalid.slice(0, PREVIEW_ROW_CAP),
      warnings: warnings.slice(0, PREVIEW_ROW_CAP),
    };
  });
}

/**
 * The seed's idempotent upsert, for the whole file in one statement. Rows the
 * staging found identical are not even offered (their generated columns would
 * be computed for nothing), and the WHERE of DO UPDATE leaves alone any other
 * row that turns out identical: re-importing the same file updates nothing and
 * writes no audit rows. xmax = 0 tells a fresh insert from an update.
 */
async function upsertStage(tx: Tx): Promise<{ inserted: number; updated: number }> {
  const [r] = rowsOf<{ inserted: number; updated: number }>(
    await tx.execute(sql`with up as (
        insert into inadimplentes as i (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola,
          meses_inadim, codigo_aluno, aluno_id, source, created_by, updated_by)
        select (select app_tenant()), s.codigo_inadim, s.student_name, s.guardian1_name, s.student_escola,
          s.meses_inadim, s.codigo_aluno, s.link_aluno_id, 'import', (select app_user()), (select app_user())
        from import_stage s
        where s.action <> 'unchanged' and not s.adopted
        order by s.line
        on conflict ${ACTIVE_KEY_COLUMNS} where is_active
        do update set codigo_inadim = excluded.codigo_inadim, student_name = excluded.student_name,
          guardian1_name = excluded.guardian1_name, student_escola = excluded.student_escola,
          meses_inadim = excluded.meses_inadim, codigo_aluno = excluded.codigo_aluno, aluno_id = excluded.aluno_id,
          source = 'import'
        where (i.codigo_inadim, i.meses_inadim, i.student_name, i.guardian1_name, i.student_escola, i.codigo_aluno, i.aluno_id)
          is distinct from (excluded.codigo_inadim, excluded.meses_inadim, excluded.student_name,
            excluded.guardian1_name, excluded.student_escola, excluded.codigo_aluno, excluded.aluno_id)
        returning (i.xmax = 0) as fresh
      )
      select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from up`),
  );
  return { inserted: Number(r.inserted), updated: Number(r.updated) };
}

/** The rows without a code that lines with a code took over (stageRows): updated in place, code and link included. */
async function updateAdopted(tx: Tx): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`with up as (
        update inadimplentes i set codigo_inadim = s.codigo_inadim, student_name = s.student_name,
          guardian1_name = s.guardian1_name, student_escola = s.student_escola, meses_inadim = s.meses_inadim,
          codigo_aluno = s.codigo_aluno, aluno_id = s.link_aluno_id, source = 'import'
        from import_stage s
        where s.adopted and i.tenant_id = (select app_tenant()) and i.id = s.existing_id and i.is_active
        returning 1
      ) select count(*)::int as n from up`),
  );
  return Number(r.n);
}

/** Replace mode: the active rows absent from the file leave the list, with the reason naming the import. */
async function deactivateAbsent(tx: Tx, fileName: string, batchId: string): Promise<number> {
  const reason = `Ausente da importação "${fileName}" (lote ${batchId}), modo substituir a lista`;
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`with d as (
        update inadimplentes i set is_active = false, deleted_at = now(), deleted_by = (select app_user()),
          deleted_reason = ${reason}
        where ${ABSENT_FROM_FILE}
        returning 1
      ) select count(*)::int as n from d`),
  );
  return Number(r.n);
}

async function stagedCount(tx: Tx): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from import_stage`));
  return Number(r.n);
}

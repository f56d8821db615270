import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import type { TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { anonymisedSince, changedSince, undoBatch } from "@/lib/import/undo";
import type { UndoResult } from "./types";

// The columns a person or an import can change; updated_at/updated_by only
// say when and by whom, and a later no-op does not make a row "changed". The
// link to a student counts: linking a row by hand after an import is a change
// that undo must not throw away. Snapshots from before the link existed read
// as unlinked, which is what those rows were.
const BUSINESS_COLUMNS = [
  "codigo_inadim", "student_name", "guardian1_name", "student_escola", "meses_inadim",
  "is_active", "deleted_at", "deleted_by", "deleted_reason", "source", "codigo_aluno", "aluno_id",
] as const;
const cols = (alias: string) => sql.raw(BUSINESS_COLUMNS.map((c) => `${alias}.${c}`).join(", "));

/**
 * Puts every row a batch touched back as it was before the batch (SPEC §8.5),
 * from the batch's own audit rows: the first `before` and the last `after` of
 * each row. Refused when any of those rows changed after the batch, since
 * undoing would silently throw that later change away.
 */
export function undoImport(session: TenantSession, batchId: string): Promise<UndoResult> {
  return undoBatch(session, "inadimplentes", "inadimplentes.write", batchId, async (tx) => {
    await collectTouched(tx, batchId);
    await refuseIfAnonymised(tx);
    await refuseIfChangedSince(tx);
    try {
      return { batchId, ...(await restore(tx)) };
    } catch (e) {
      // Restoring a deactivated row collides with an active row of the same
      // student added after the batch: that is a later change too.
      if (pgCode(e) === "23505") {
        throw new AppError("CONFLICT", "Não é possível desfazer: um aluno que esta importação retirou da lista voltou a ela depois.");
      }
      throw e;
    }
  });
}

async function collectTouched(tx: Tx, batchId: string): Promise<void> {
  await tx.execute(sql`create temp table undo_rows on commit drop as
    select t.inadimplente_id as id,
      (array_agg(t.before order by t.id))[1] as before,
      (array_agg(t.after order by t.id desc))[1] as after
    from inadimplentes_audit t
    where t.tenant_id = (select app_tenant()) and t.batch_id = ${batchId} and t.action = 'import'
    group by t.inadimplente_id`);
}

// Checked first: an anonymised row also reads as changed, and this is the reason to give.
async function refuseIfAnonymised(tx: Tx): Promise<void> {
  const masked = rowsOf<{ name: string }>(await tx.execute(sql`select i.student_name as name
    from undo_rows u join inadimplentes i on i.tenant_id = (select app_tenant()) and i.id = u.id
    where i.anonymized_at is not null order by i.student_name, i.id`));
  if (masked.length > 0) throw anonymisedSince(masked.map((r) => r.name));
}

// Snapshots are compared as records (jsonb_populate_record), not as JSON text,
// so a timestamp rendered in another session time zone is still equal.
async function refuseIfChangedSince(tx: Tx): Promise<void> {
  const changed = rowsOf<{ name: string }>(
    await tx.execute(sql`select i.student_name as name
      from undo_rows u
      join inadimplentes i on i.tenant_id = (select app_tenant()) and i.id = u.id
      cross join lateral jsonb_populate_record(null::inadimplentes, u.after) a
      where (${cols("i")}) is distinct from (${cols("a")})
      order by i.student_name_norm, i.id`),
  );
  if (changed.length === 0) return;
  throw changedSince(changed.map((r) => r.name), { one: "esta linha foi alterada", many: "estas linhas foram alteradas" });
}

async function restore(tx: Tx): Promise<{ removed: number; restored: number }> {
  const [removed] = rowsOf<{ n: number }>(
    await tx.execute(sql`with d as (
        update inadimplentes i set is_active = false, deleted_at = now(), deleted_by = (select app_user()),
          deleted_reason = 'Importação desfeita'
        from undo_rows u
        where i.tenant_id = (select app_tenant()) and i.id = u.id and u.before is null and i.is_active
        returning 1
      ) select count(*)::int as n from d`),
  );
  const [restored] = rowsOf<{ n: number }>(
    await tx.execute(sql`with r as (
        update inadimplentes i set (${sql.raw(BUSINESS_COLUMNS.join(", "))}) = (${cols("b")})
        from undo_rows u cross join lateral jsonb_populate_record(null::inadimplentes, u.before) b
        where i.tenant_id = (select app_tenant()) and i.id = u.id and u.before is not null
        returning 1
      ) select count(*)::int as n from r`),
  );
  return { removed: Number(removed.n), restored: Number(restored.n) };
}

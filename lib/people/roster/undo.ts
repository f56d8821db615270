import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import type { TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { anonymisedSince, changedSince, undoBatch } from "@/lib/import/undo";
import { holdSchoolYear } from "@/lib/rematricula/year-lock";
import { SNAPSHOT } from "./students";
import type { RosterUndoResult } from "./types";

const BUSINESS = "matricula, nome, cpf, data_nascimento, responsavel_nome, responsavel_telefone, unidade, serie, turma, ano_letivo, status";

/**
 * Puts every student a roster batch touched back as it was, from the batch's
 * own record: updated and deactivated students get their values back, the
 * students it created are removed (the one delete the database allows, and only
 * here). Refused, naming them, when any of those students changed after the
 * batch — by hand, by a year close, by a later import, or by gaining a login.
 */
export function undoRoster(session: TenantSession, batchId: string): Promise<RosterUndoResult> {
  return undoBatch(session, "alunos", "roster", batchId, async (tx) => {
    await holdSchoolYear(tx);
    await refuseIfAnonymised(tx, batchId);
    await refuseIfChangedSince(tx, batchId);
    try {
      return { batchId, ...(await restore(tx, batchId)) };
    } catch (e) {
      // A student the batch created is now referenced (a rematrícula, a liberação...).
      if (pgCode(e) === "23503") {
        throw new AppError("CONFLICT", "Não é possível desfazer: um aluno criado por esta importação já tem registros (rematrícula ou liberação).");
      }
      throw e;
    }
  });
}

// A student anonymised on the family's request: the batch's copies were masked with them.
async function refuseIfAnonymised(tx: Tx, batchId: string): Promise<void> {
  const masked = rowsOf<{ name: string }>(await tx.execute(sql`select a.nome as name
    from import_batch_alunos x join alunos a on a.tenant_id = x.tenant_id and a.id = x.aluno_id
    where x.tenant_id = (select app_tenant()) and x.batch_id = ${batchId} and a.anonymized_at is not null
    order by a.nome, a.id`));
  if (masked.length > 0) throw anonymisedSince(masked.map((r) => r.name));
}

async function refuseIfChangedSince(tx: Tx, batchId: string): Promise<void> {
  const changed = rowsOf<{ name: string }>(await tx.execute(sql`select coalesce(a.nome, x.after ->> 'nome')
      || coalesce(' (' || coalesce(a.matricula, x.after ->> 'matricula') || ')', '') as name
    from import_batch_alunos x
    left join alunos a on a.tenant_id = x.tenant_id and a.id = x.aluno_id
    where x.tenant_id = (select app_tenant()) and x.batch_id = ${batchId}
      and (a.id is null or ${SNAPSHOT} is distinct from x.after or (x.before is null and a.user_id is not null))
    order by 1`));
  if (changed.length > 0) {
    throw changedSince(changed.map((r) => r.name), { one: "este aluno foi alterado", many: "estes alunos foram alterados" });
  }
}

async function restore(tx: Tx, batchId: string): Promise<{ removed: number; restored: number }> {
  const [restored] = rowsOf<{ n: number }>(await tx.execute(sql`with r as (
      update alunos a set (${sql.raw(BUSINESS)}, updated_at) = (${sql.raw(BUSINESS.split(", ").map((c) => `b.${c}`).join(", "))}, now())
      from import_batch_alunos x cross join lateral jsonb_populate_record(null::alunos, x.before) b
      where x.tenant_id = (select app_tenant()) and x.batch_id = ${batchId} and x.before is not null
        and a.tenant_id = x.tenant_id and a.id = x.aluno_id
      returning 1
    ) select count(*)::int as n from r`));
  const [removed] = rowsOf<{ n: number }>(await tx.execute(sql`with d as (
      delete from alunos a using import_batch_alunos x
      where x.tenant_id = (select app_tenant()) and x.batch_id = ${batchId} and x.before is null
        and a.tenant_id = x.tenant_id and a.id = x.aluno_id
      returning 1
    ) select count(*)::int as n from d`));
  return { removed: Number(removed.n), restored: Number(restored.n) };
}

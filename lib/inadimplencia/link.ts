import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { ANONYMISED } from "./admin";
import { isUuid } from "./check";

/** A student as the linking screens show one. */
export interface AlunoRef {
  id: string;
  nome: string;
  matricula: string | null;
  serie: string | null;
  /** The class: with no matrícula, often all that tells two homonyms apart. */
  turma: string | null;
  unidade: string | null;
  status: string;
}

export const ALUNO_REF_COLUMNS = sql`a.id, a.nome, a.matricula, a.serie, a.turma, a.unidade, a.status`;

const rowNotFound = () => new AppError("NOT_FOUND", "Registro não encontrado.");
const alunoNotFound = () => new AppError("VALIDATION", "Aluno não encontrado nesta escola.", { alunoId: "Aluno não encontrado nesta escola." });

/**
 * The students one row blocks now, by the check's own rule
 * (inadimplencia_matches): the linked student, or every student its name
 * matches under the school's match flags.
 */
export async function studentsMatchedBy(session: TenantSession, rowId: string): Promise<AlunoRef[]> {
  assertCan(session, "inadimplentes.read");
  if (!isUuid(rowId)) return [];
  return withTenant(session, async (tx) => rowsOf<AlunoRef>(await tx.execute(sql`select ${ALUNO_REF_COLUMNS}
    from inadimplentes i cross join inadimplencia_match_cfg(app_tenant()) cfg
    join alunos a on inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)
    where i.id = ${rowId}
    order by a.nome_norm, a.id limit 50`)));
}

/**
 * Sets or clears a row's link. The audit trigger records the change under the
 * action named here; the row's write policy keeps this to the finance roles,
 * and the composite foreign key to the row's own school.
 */
async function setLink(session: TenantSession, rowId: string, alunoId: string | null): Promise<void> {
  assertCan(session, "inadimplentes.write");
  if (!isUuid(rowId)) throw rowNotFound();
  if (alunoId !== null && !isUuid(alunoId)) throw alunoNotFound();
  await withTenant(session, async (tx) => {
    const [row] = rowsOf<{ aluno_id: string | null }>(await tx.execute(sql`select aluno_id from inadimplentes
      where id = ${rowId} for update`));
    if (!row) throw rowNotFound();
    if (alunoId === null && row.aluno_id === null) {
      throw new AppError("CONFLICT", "Este registro não está vinculado a nenhum aluno.");
    }
    if (alunoId !== null && row.aluno_id === alunoId) {
      throw new AppError("CONFLICT", "Este registro já está vinculado a este aluno.");
    }
    if (alunoId !== null && rowsOf(await tx.execute(sql`select 1 from alunos where id = ${alunoId}`)).length === 0) {
      throw alunoNotFound();
    }
    await tx.execute(sql`select set_config('app.audit_action', ${alunoId === null ? "unlink" : "link"}, true)`);
    try {
      await tx.execute(sql`update inadimplentes set aluno_id = ${alunoId} where id = ${rowId}`);
    } catch (e) {
      // The student vanished between the read and the write, or is another school's.
      if (pgCode(e) === "23503") throw alunoNotFound();
      // An anonymised row ties no debt to a person again (migration 0023).
      if (pgCode(e) === "RM005") throw new AppError("CONFLICT", ANONYMISED);
      throw e;
    }
  });
}

export const linkInadimplente = (session: TenantSession, rowId: string, alunoId: string) => setLink(session, rowId, alunoId);

export const unlinkInadimplente = (session: TenantSession, rowId: string) => setLink(session, rowId, null);

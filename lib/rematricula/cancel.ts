import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError, forbidden } from "@/lib/errors";
import { isUuid } from "@/lib/inadimplencia/check";
import { observeCancel } from "@/lib/ops/metrics";
import { ANO_DESTINO } from "./ano";
import { cleanText } from "./campaign-query";
import { holdSchoolYear } from "./year-lock";

export const MAX_CANCEL_REASON = 500;

const naoEncontrado = () => new AppError("NOT_FOUND", "Aluno não encontrado.");

function validReason(raw: string): string {
  // Line breaks are kept out with the other control characters: a reason is one sentence or two.
  const reason = cleanText(raw, MAX_CANCEL_REASON + 1);
  if (!reason) throw new AppError("VALIDATION", "Informe o motivo do cancelamento.", { reason: "Informe o motivo do cancelamento." });
  if (reason.length > MAX_CANCEL_REASON) {
    const msg = `O motivo pode ter no máximo ${MAX_CANCEL_REASON} caracteres.`;
    throw new AppError("VALIDATION", msg, { reason: msg });
  }
  return reason;
}

/**
 * Cancels a student's finished rematrícula for next year (SPEC §6), with the
 * reason, who and when kept on the row. Coordenação and admins only — the
 * rematriculas policy refuses `cancelada` to anyone else in the database too.
 * The student is pending again; finalizing re-opens the row through the check.
 */
export function cancelRematricula(session: TenantSession, alunoId: string, rawReason: string): Promise<void> {
  return observeCancel(() => cancelChecked(session, alunoId, rawReason));
}

async function cancelChecked(session: TenantSession, alunoId: string, rawReason: string): Promise<void> {
  assertCan(session, "rematricula.cancel");
  if (!isUuid(alunoId)) throw naoEncontrado();
  const reason = validReason(rawReason);
  await withTenant(session, async (tx) => {
    await holdSchoolYear(tx);
    const r = await tx.execute(sql`select r.id, r.status from alunos a
      left join rematriculas r on r.tenant_id = a.tenant_id and r.aluno_id = a.id and r.ano_letivo = ${ANO_DESTINO}
      where a.id = ${alunoId} for update of a`);
    const row = rowsOf<{ id: string | null; status: string | null }>(r)[0];
    if (!row) throw naoEncontrado();
    if (row.status === "cancelada") throw new AppError("CONFLICT", "Esta rematrícula já foi cancelada.");
    if (row.status !== "concluida") throw new AppError("CONFLICT", "Este aluno não tem rematrícula concluída para cancelar.");
    await tx.execute(sql`update rematriculas set status = 'cancelada', cancelled_at = now(),
        cancelled_by = ${session.userId}, cancel_reason = ${reason}
      where id = ${row.id} and status = 'concluida'`);
  }).catch((e: unknown) => {
    // 42501: the database's own role rule refused (a role the permission matrix let through by mistake).
    if (pgCode(e) === "42501") throw forbidden();
    throw e;
  });
}

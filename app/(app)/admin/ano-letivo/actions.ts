"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { closeSchoolYear } from "@/lib/rematricula/ano-letivo/close";
import { undoYearTurn } from "@/lib/rematricula/ano-letivo/undo";

/** The preview's choice for `ativo` students without a finished rematrícula, as the form names it. */
const DEACTIVATE: Record<string, boolean> = { inativar: true, manter: false };

function refreshCampaign() {
  revalidatePath("/admin/ano-letivo");
  revalidatePath("/admin/alunos");
  revalidatePath("/rematricula", "layout");
}

/** Closes the year the admin previewed; the domain refuses any other year. */
export async function closeYearAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  return actionState("closeSchoolYear", async () => {
    const ctx = await requireAction("people");
    const r = await closeSchoolYear(ctx.session, {
      anoLetivo: values.anoLetivo, deactivate: DEACTIVATE[values.alunosSemRematricula ?? ""],
    });
    refreshCampaign();
    const { promovidos, concluintes, inativados, mantidos } = r.total;
    return `Ano letivo ${r.fromYear} encerrado: ${promovidos} aluno(s) promovido(s), ${concluintes} concluinte(s), ` +
      `${inativados} inativado(s), ${mantidos} mantido(s). ` +
      `A escola está em ${r.toYear} e a rematrícula agora é para ${r.toYear + 1}.`;
  }, values);
}

/**
 * Undoes a turn. A refusal because students changed since names them in
 * `fields.rows` (one per line), for the form to list.
 */
export async function undoYearAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  return actionState("undoYearTurn", async () => {
    const ctx = await requireAction("people");
    const r = await undoYearTurn(ctx.session, values.batchId ?? "");
    refreshCampaign();
    return `Encerramento desfeito: ${r.restored} aluno(s) voltaram ao que eram, e a escola voltou ao ano letivo ${r.fromYear}.`;
  }, values);
}

"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { grantLiberacao, revokeLiberacao } from "@/lib/inadimplencia/liberacoes";

// Both actions check the role here and again in lib/ (and RLS a third time):
// a page that hides the form protects nothing against a direct call.

export async function grantAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("grantLiberacao", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await grantLiberacao(ctx.session, { alunoId: values.alunoId, reason: values.reason, validUntil: values.validUntil });
    return "Liberação concedida. O aluno já pode ser rematriculado.";
  }, values);
  if (state.status === "success") revalidatePath("/admin/liberacoes");
  return state;
}

export async function revokeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await actionState("revokeLiberacao", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await revokeLiberacao(ctx.session, form.get("id"));
    return "Liberação revogada.";
  });
  if (state.status === "success") revalidatePath("/admin/liberacoes");
  return state;
}

"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { anonymizeStudent } from "@/lib/privacy/anonymize";
import { RETENTION_KINDS, saveRetention } from "@/lib/privacy/retention";

/** Whole numbers become numbers; anything else goes on as typed, for the schema to refuse with its message. */
const toNumber = (v: string | undefined) => (/^\d{1,6}$/.test((v ?? "").trim()) ? Number(v) : (v ?? ""));

export async function saveRetentionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("saveRetention", async () => {
    const ctx = await requireAction("config");
    const input = Object.fromEntries(RETENTION_KINDS.map((k) => [k, toNumber(values[k])]));
    const changed = await saveRetention(ctx.session, input);
    return changed.length ? `Prazos salvos (${changed.length} alteração(ões)).` : "Nenhuma alteração para salvar.";
  }, values);
  if (state.status === "success") revalidatePath("/admin/privacidade");
  return state;
}

export async function anonymizeStudentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("anonymizeStudent", async () => {
    const ctx = await requireAction("people");
    await anonymizeStudent(ctx.session, values.alunoId ?? "");
    return "Dados do aluno anonimizados. O pedido foi registrado.";
  });
  if (state.status === "success") revalidatePath("/admin/privacidade", "layout");
  return state;
}

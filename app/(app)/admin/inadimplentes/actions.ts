"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import {
  createInadimplente, restoreInadimplente, softDeleteInadimplente, updateInadimplente,
} from "@/lib/inadimplencia/admin";
import { parseDeleteReason, parseInadimplenteInput, parseNewInadimplenteInput } from "@/lib/inadimplencia/admin-input";
import { linkInadimplente, unlinkInadimplente } from "@/lib/inadimplencia/link";

// Each action checks the caller's capability itself (a page's check does not
// protect the actions defined next to it), and the lib functions check again,
// by role, inside the tenant's transaction; an id from another school is simply
// not found there.

const LIST = "/admin/inadimplentes";

export async function createAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  let saved: { id: string; created: boolean } | undefined;
  const state = await actionState("createInadimplente", async () => {
    const ctx = await requireAction("inadimplentes.write");
    saved = await createInadimplente(ctx.session, parseNewInadimplenteInput(values));
    return "Registro salvo.";
  }, values);
  if (!saved) return state;
  revalidatePath(LIST);
  // redirect() throws on purpose, so it runs outside actionState's catch.
  redirect(`${LIST}/${saved.id}?salvo=${saved.created ? "novo" : "existente"}`);
}

export async function updateAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const id = values.id ?? "";
  const state = await actionState("updateInadimplente", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await updateInadimplente(ctx.session, id, parseInadimplenteInput(values));
    return "Alterações salvas.";
  }, values);
  if (state.status === "success") revalidatePath(LIST, "layout");
  return state;
}

export async function softDeleteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("softDeleteInadimplente", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await softDeleteInadimplente(ctx.session, values.id ?? "", parseDeleteReason(values.reason));
    return "Registro excluído da lista ativa.";
  }, values);
  if (state.status === "success") revalidatePath(LIST, "layout");
  return state;
}

export async function restoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("restoreInadimplente", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await restoreInadimplente(ctx.session, values.id ?? "");
    return "Registro restaurado na lista ativa.";
  }, values);
  if (state.status === "success") revalidatePath(LIST, "layout");
  return state;
}

export async function linkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("linkInadimplente", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await linkInadimplente(ctx.session, values.id ?? "", values.alunoId ?? "");
    return "Registro vinculado ao aluno.";
  }, values);
  if (state.status === "success") revalidatePath(LIST, "layout");
  return state;
}

export async function unlinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("unlinkInadimplente", async () => {
    const ctx = await requireAction("inadimplentes.write");
    await unlinkInadimplente(ctx.session, values.id ?? "");
    return "Vínculo removido: o registro volta a valer pelo nome.";
  }, values);
  if (state.status === "success") revalidatePath(LIST, "layout");
  return state;
}

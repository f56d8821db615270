"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { createAluno, updateAluno } from "@/lib/people/alunos";
import { editAlunoForm, newAlunoForm } from "@/lib/people/forms";
import { invitedMessage } from "@/lib/people/invitations";
import { parseForm } from "@/lib/people/schemas";
import type { FormState } from "../_components/action-form";

export async function createAlunoAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  let secret: string | null = null;
  const state = await actionState("createAluno", async () => {
    const ctx = await requireAction("people");
    const { email, ...fields } = parseForm(newAlunoForm, values);
    const r = await createAluno(ctx.session, fields, email);
    secret = r.tempPassword;
    revalidatePath("/admin/alunos");
    revalidatePath("/rematricula");
    if (!email) return `Aluno ${fields.nome} cadastrado.`;
    return r.invited
      ? `Aluno ${fields.nome} cadastrado. ${invitedMessage(email)}`
      : `Aluno ${fields.nome} cadastrado com acesso por ${email}.`;
  }, values);
  return secret && state.status === "success" ? { ...state, tempPassword: secret } : state;
}

export async function updateAlunoAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  return actionState("updateAluno", async () => {
    const ctx = await requireAction("people");
    const { alunoId, ...fields } = parseForm(editAlunoForm, values);
    await updateAluno(ctx.session, alunoId, fields);
    revalidatePath("/admin/alunos");
    revalidatePath(`/admin/alunos/${alunoId}`);
    revalidatePath("/rematricula");
    return "Dados do aluno salvos.";
  }, values);
}

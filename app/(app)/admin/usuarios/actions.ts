"use server";

import { revalidatePath } from "next/cache";
import type { FormState } from "../_components/action-form";
import { actionState, formValues } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { addMemberForm, memberForm, memberRoleForm } from "@/lib/people/forms";
import { addMember, addRole, deactivateMember, removeRole, resetMemberPassword } from "@/lib/people/members";
import { invitedMessage } from "@/lib/people/invitations";
import { ROLE_LABEL } from "@/lib/people/roles";
import { parseForm } from "@/lib/people/schemas";

/** Form state that may carry a temporary password, shown once and never stored by the page. */
export type SecretState = FormState;

async function withSecret(label: string, values: Record<string, string>,
  work: () => Promise<{ message: string; secret?: string | null }>): Promise<SecretState> {
  let secret: string | null | undefined;
  const state = await actionState(label, async () => {
    const r = await work();
    secret = r.secret;
    revalidatePath("/admin/usuarios");
    return r.message;
  }, values);
  return secret && state.status === "success" ? { ...state, tempPassword: secret } : state;
}

export async function addMemberAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const values = formValues(form);
  return withSecret("addMember", values, async () => {
    const ctx = await requireAction("people");
    const input = parseForm(addMemberForm, values);
    const r = await addMember(ctx.session, input);
    if (r.outcome === "created") {
      return { message: `Conta criada para ${input.email} como ${ROLE_LABEL[input.role]}.`, secret: r.tempPassword };
    }
    // Someone already active here is on this page's list: saying so reveals nothing new.
    return r.outcome === "added"
      ? { message: `${input.email} agora também é ${ROLE_LABEL[input.role]} nesta escola.` }
      : { message: invitedMessage(input.email) };
  });
}

export async function addRoleAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const values = formValues(form);
  return withSecret("addRole", values, async () => {
    const ctx = await requireAction("people");
    const input = parseForm(memberRoleForm, values);
    await addRole(ctx.session, input.userId, input.role);
    return { message: `Papel ${ROLE_LABEL[input.role]} adicionado.` };
  });
}

export async function removeRoleAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const values = formValues(form);
  return withSecret("removeRole", values, async () => {
    const ctx = await requireAction("people");
    const input = parseForm(memberRoleForm, values);
    await removeRole(ctx.session, input.userId, input.role);
    return { message: `Papel ${ROLE_LABEL[input.role]} removido.` };
  });
}

export async function deactivateMemberAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const values = formValues(form);
  return withSecret("deactivateMember", values, async () => {
    const ctx = await requireAction("people");
    const input = parseForm(memberForm, values);
    await deactivateMember(ctx.session, input.userId);
    return { message: "Acesso desativado. Vale a partir do próximo acesso da pessoa." };
  });
}

export async function resetPasswordAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const values = formValues(form);
  return withSecret("resetPassword", values, async () => {
    const ctx = await requireAction("people");
    const input = parseForm(memberForm, values);
    const temp = await resetMemberPassword(ctx.session, input.userId);
    return { message: "Senha redefinida. A pessoa deverá trocá-la ao entrar.", secret: temp };
  });
}

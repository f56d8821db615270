"use server";

import { redirect } from "next/navigation";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { unstable_update } from "@/lib/auth/config";
import { getActionContext } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { changeOwnPassword } from "@/lib/people/own-password";
import { passwordForm } from "@/lib/people/forms";
import { parseForm } from "@/lib/people/schemas";

/** Any signed-in user's password change, also the forced one after a temporary password. */
export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  // Passwords are never sent back to the form.
  const state = await actionState("changePassword", async () => {
    const ctx = await getActionContext();
    if (!ctx) throw new AppError("UNAUTHENTICATED", "Sua sessão expirou. Entre novamente.");
    const input = parseForm(passwordForm, values);
    await changeOwnPassword(ctx.userId, ctx.sessionId, input.current, input.password);
    // The session stops sending the user to this page now, not a minute later.
    await unstable_update({});
    return "Senha alterada.";
  });
  if (state.status === "success") redirect("/");
  return state;
}

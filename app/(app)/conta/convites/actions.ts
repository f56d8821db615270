"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { unstable_update } from "@/lib/auth/config";
import { getActionContext } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { answerInvitation } from "@/lib/people/invitations";

const answerForm = z.object({ invitationId: z.string().max(100), answer: z.enum(["aceitar", "recusar"]) });

/**
 * One's own invitation: accepting starts the membership and takes the person to
 * the school's landing page; declining ends the invitation.
 */
export async function answerInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  let accepted = false;
  const state = await actionState("answerInvitation", async () => {
    const ctx = await getActionContext();
    if (!ctx) throw new AppError("UNAUTHENTICATED", "Sua sessão expirou. Entre novamente.");
    const input = answerForm.safeParse(values);
    if (!input.success) throw new AppError("VALIDATION", "Resposta inválida.");
    accepted = input.data.answer === "aceitar";
    await answerInvitation(ctx.userId, input.data.invitationId, accepted);
    // The session's roles (the proxy's routing) and the header follow the answer now.
    if (accepted) await unstable_update({});
    revalidatePath("/", "layout");
    return accepted ? "Convite aceito." : "Convite recusado.";
  });
  if (state.status === "success" && accepted) redirect("/");
  return state;
}

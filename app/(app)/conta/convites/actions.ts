"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { unstable_update } from "@/lib/auth/config";
import { getActionContext } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { answerInvitation } from "@/lib/people/invitations";

const answerForm = z.object({ invitationId: z.string().max(100), answer: z.enum(["aceitar", "recusar"]) });

/** One's own invitation: accepting starts the membership, declining ends the invitation. */
export async function answerInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  return actionState("answerInvitation", async () => {
    const ctx = await getActionContext();
    if (!ctx) throw new AppError("UNAUTHENTICATED", "Sua sessão expirou. Entre novamente.");
    const input = answerForm.safeParse(values);
    if (!input.success) throw new AppError("VALIDATION", "Resposta inválida.");
    const accept = input.data.answer === "aceitar";
    await answerInvitation(ctx.userId, input.data.invitationId, accept);
    // The session's roles (the proxy's routing) and the header follow the answer now.
    if (accept) await unstable_update({});
    revalidatePath("/", "layout");
    return accept ? "Convite aceito. A escola já aparece no seletor de escolas." : "Convite recusado.";
  });
}

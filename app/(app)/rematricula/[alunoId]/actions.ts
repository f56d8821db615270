"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionState, formValues, logOutcome, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { AppError, type ErrorCode } from "@/lib/errors";
import { cancelRematricula } from "@/lib/rematricula/cancel";
import { finalizeRematricula } from "@/lib/rematricula/finalize";

export type FinalizeState =
  | { status: "idle" }
  | { status: "success" }
  | { status: "error"; code: ErrorCode | "UNEXPECTED"; message: string };

const input = z.object({ alunoId: z.uuid() });

/**
 * Finalizes one student's re-enrollment. The page's own check is not trusted: the
 * domain re-checks the delinquent list and the caller's role inside its transaction,
 * so a stale page or a forged request cannot get around the block.
 */
export async function finalizeAction(_prev: FinalizeState, form: FormData): Promise<FinalizeState> {
  const parsed = input.safeParse({ alunoId: form.get("alunoId") });
  if (!parsed.success) return { status: "error", code: "VALIDATION", message: "Aluno inválido." };
  const { alunoId } = parsed.data;
  const startedAt = performance.now();
  try {
    const ctx = await requireAction("rematricula");
    await finalizeRematricula(ctx.session, alunoId);
    await logOutcome("finalizeRematricula", startedAt);
  } catch (e) {
    // AppError messages are written for users (INADIMPLENCIA_BLOQUEADA carries the
    // school's banner text); anything else may hold database details and stays in the log.
    await logOutcome("finalizeRematricula", startedAt, e);
    if (e instanceof AppError) return { status: "error", code: e.code, message: e.message };
    return {
      status: "error",
      code: "UNEXPECTED",
      message: "Não foi possível finalizar a rematrícula agora. Tente novamente em instantes.",
    };
  }
  revalidatePath("/rematricula");
  revalidatePath(`/rematricula/${alunoId}`);
  return { status: "success" };
}

const cancelInput = z.object({ alunoId: z.uuid(), reason: z.string() });

/** Cancels a finished rematrícula; the domain checks the role (coordenação, admin) and the reason. */
export async function cancelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const parsed = cancelInput.safeParse({ alunoId: form.get("alunoId"), reason: form.get("reason") ?? "" });
  if (!parsed.success) return { status: "error", code: "VALIDATION", message: "Pedido inválido.", values };
  const { alunoId, reason } = parsed.data;
  const state = await actionState("cancelRematricula", async () => {
    const ctx = await requireAction("rematricula.cancel");
    await cancelRematricula(ctx.session, alunoId, reason);
    return "Rematrícula cancelada. O aluno voltou a ficar pendente.";
  }, values);
  if (state.status === "success") {
    revalidatePath("/rematricula");
    revalidatePath(`/rematricula/${alunoId}`);
  }
  return state;
}

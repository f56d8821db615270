"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { logOutcome } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import type { UndoState } from "@/app/(app)/_components/import/undo-state";
import { AppError } from "@/lib/errors";
import { undoImport } from "@/lib/inadimplencia/import/undo";

const input = z.object({ batchId: z.uuid() });

/**
 * Undoes a whole batch. The domain refuses (CONFLICT) when a later change
 * touched one of its rows, naming them in `fields.rows`; the form lists them so
 * finance can see what to look at before trying again.
 */
export async function undoAction(_prev: UndoState, form: FormData): Promise<UndoState> {
  const parsed = input.safeParse({ batchId: form.get("batchId") });
  if (!parsed.success) return { status: "error", code: "NOT_FOUND", message: "Importação não encontrada." };
  const { batchId } = parsed.data;
  let message: string;
  const startedAt = performance.now();
  try {
    const ctx = await requireAction("inadimplentes.write");
    const result = await undoImport(ctx.session, batchId);
    message = `Importação desfeita: ${result.removed} registro(s) removido(s) da lista e ${result.restored} restaurado(s) ao estado anterior.`;
    await logOutcome("undoImport", startedAt);
  } catch (e) {
    // The house log line (lib/action-state.ts): the error's class, SQLSTATE and
    // stack, never its message; a domain refusal by its code.
    await logOutcome("undoImport", startedAt, e);
    if (e instanceof AppError) {
      const rows = e.fields?.rows?.split("\n").map((r) => r.trim()).filter(Boolean);
      return { status: "error", code: e.code, message: e.message, rows };
    }
    return { status: "error", code: "UNEXPECTED", message: "Não foi possível desfazer agora. Tente novamente em instantes." };
  }
  revalidatePath("/admin/inadimplentes", "layout");
  return { status: "success", message };
}

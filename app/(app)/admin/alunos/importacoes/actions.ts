"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { UndoState } from "@/app/(app)/_components/import/undo-state";
import { logOutcome } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { undoRoster } from "@/lib/people/roster/undo";

const input = z.object({ batchId: z.uuid() });

/** Undoes a roster batch; a refusal names the students changed since (`fields.rows`). */
export async function undoRosterAction(_prev: UndoState, form: FormData): Promise<UndoState> {
  const parsed = input.safeParse({ batchId: form.get("batchId") });
  if (!parsed.success) return { status: "error", code: "NOT_FOUND", message: "Importação não encontrada." };
  const startedAt = performance.now();
  let message: string;
  try {
    const ctx = await requireAction("roster");
    const result = await undoRoster(ctx.session, parsed.data.batchId);
    message = `Importação desfeita: ${result.removed} aluno(s) criado(s) por ela removido(s) e ${result.restored} restaurado(s) ao estado anterior.`;
    await logOutcome("undoRoster", startedAt);
  } catch (e) {
    await logOutcome("undoRoster", startedAt, e);
    if (e instanceof AppError) {
      const rows = e.fields?.rows?.split("\n").map((r) => r.trim()).filter(Boolean);
      return { status: "error", code: e.code, message: e.message, rows };
    }
    return { status: "error", code: "UNEXPECTED", message: "Não foi possível desfazer agora. Tente novamente em instantes." };
  }
  revalidatePath("/admin/alunos", "layout");
  return { status: "success", message };
}

"use server";

import { logOutcome } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { AppError, type ErrorCode } from "@/lib/errors";
import { pageSuggestions } from "@/lib/inadimplencia/import/page-suggestions";
import type { AlunoRef } from "@/lib/inadimplencia/link";

/** As a form action's state (lib/action-state.ts), with the suggestions by line on success. */
export type SuggestionsState =
  | { status: "success"; suggestions: Record<number, AlunoRef[]> }
  | { status: "error"; code: ErrorCode | "UNEXPECTED"; message: string };

const UNEXPECTED = "Não foi possível buscar os alunos parecidos agora. Tente novamente em instantes.";

/**
 * Suggestions for the unmatched rows of a page of the import preview, asked
 * when finance opens that page (the preview itself answers the first page
 * only). Checked like the preview: the capability here, and again by role
 * inside the school's transaction.
 */
export async function suggestionsAction(names: unknown): Promise<SuggestionsState> {
  const startedAt = performance.now();
  try {
    const ctx = await requireAction("inadimplentes.write");
    const suggestions = await pageSuggestions(ctx.session, names);
    await logOutcome("importSuggestions", startedAt);
    return { status: "success", suggestions };
  } catch (e) {
    await logOutcome("importSuggestions", startedAt, e);
    if (e instanceof AppError) return { status: "error", code: e.code, message: e.message };
    return { status: "error", code: "UNEXPECTED", message: UNEXPECTED };
  }
}

"use server";

import { logOutcome } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { pageSuggestions } from "@/lib/inadimplencia/import/page-suggestions";
import type { AlunoRef } from "@/lib/inadimplencia/link";

export type SuggestionsState =
  | { ok: true; suggestions: Record<number, AlunoRef[]> }
  | { ok: false; message: string };

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
    return { ok: true, suggestions };
  } catch (e) {
    await logOutcome("importSuggestions", startedAt, e);
    if (e instanceof AppError) return { ok: false, message: e.message };
    return { ok: false, message: "Não foi possível buscar os alunos parecidos agora. Tente novamente em instantes." };
  }
}

"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { effectMessage, flagsEffect, saveFlags } from "@/lib/config/flags-admin";
import { msFromSeconds } from "@/lib/config/ttl-seconds";

const BOOLEAN_FIELDS = ["enabled", "enforcementServerEnabled", "requireGuardian", "requireSameSchool"] as const;

/**
 * The form's text as typed values. A checkbox sends "true" when ticked and
 * nothing otherwise; anything else is passed on as it came so that the schema
 * refuses it instead of this function guessing. The cache time is typed in
 * seconds and stored in milliseconds (cache_ttl_ms).
 */
function toInput(values: Record<string, string>) {
  const input: Record<string, unknown> = { bannerMessage: values.bannerMessage ?? "" };
  for (const k of BOOLEAN_FIELDS) input[k] = values[k] === undefined ? false : values[k] === "true" ? true : values[k];
  input.cacheTtlMs = msFromSeconds(values.cacheTtlMs ?? "");
  return input;
}

/** A save that would change who is blocked waits for this answer: the effect, in numbers, to confirm. */
export type FlagsState = ActionState | { status: "confirm"; message: string; values: Record<string, string> };

export async function saveFlagsAction(_prev: FlagsState, form: FormData): Promise<FlagsState> {
  const values = formValues(form);
  let pending: string | null = null;
  const state = await actionState("saveFlags", async () => {
    const ctx = await requireAction("config");
    const input = toInput(values);
    // Asked again on every unconfirmed save, so the numbers are those of the moment.
    if (values.confirmEffect !== "1") {
      pending = effectMessage(await flagsEffect(ctx.session, input));
      if (pending) return "";
    }
    const changed = await saveFlags(ctx.session, input);
    return changed.length ? `Configurações salvas (${changed.length} alteração(ões)).` : "Nenhuma alteração para salvar.";
  }, values);
  if (pending && state.status === "success") {
    const { confirmEffect: _, ...typed } = values;
    return { status: "confirm", message: pending, values: typed };
  }
  if (state.status === "success") revalidatePath("/", "layout");
  return state;
}

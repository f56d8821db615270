"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues, type ActionState } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { saveFlags } from "@/lib/config/flags-admin";

const BOOLEAN_FIELDS = ["enabled", "enforcementServerEnabled", "requireGuardian", "requireSameSchool"] as const;

/**
 * The form's text as typed values. A checkbox sends "true" when ticked and
 * nothing otherwise; anything else is passed on as it came so that the schema
 * refuses it instead of this function guessing.
 */
function toInput(values: Record<string, string>) {
  const input: Record<string, unknown> = { bannerMessage: values.bannerMessage ?? "" };
  for (const k of BOOLEAN_FIELDS) input[k] = values[k] === undefined ? false : values[k] === "true" ? true : values[k];
  const ttl = (values.cacheTtlMs ?? "").trim();
  input.cacheTtlMs = /^-?\d+(\.\d+)?$/.test(ttl) ? Number(ttl) : ttl;
  return input;
}

export async function saveFlagsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formValues(form);
  const state = await actionState("saveFlags", async () => {
    const ctx = await requireAction("config");
    const changed = await saveFlags(ctx.session, toInput(values));
    return changed.length ? `Configurações salvas (${changed.length} alteração(ões)).` : "Nenhuma alteração para salvar.";
  }, values);
  if (state.status === "success") revalidatePath("/", "layout");
  return state;
}

import type { ActionState } from "@/lib/action-state";

/**
 * The message of a refusal. A refusal about a field the form does not show (a
 * hidden input, or the form as a whole) says its own reason: "Corrija os
 * campos indicados" would point at fields the user cannot see.
 */
export function refusalText(state: ActionState, unseen: readonly string[] = []): string {
  if (state.status !== "error") return "";
  const reasons = Object.entries(state.fields ?? {})
    .filter(([k]) => k === "form" || unseen.includes(k)).map(([, v]) => v);
  return reasons.length > 0 ? [...new Set(reasons)].join(" ") : state.message;
}

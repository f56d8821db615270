"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { restoreAction } from "../actions";
import { BUTTON } from "./format";

/** Puts the row back on the active list; the server refuses when another active row holds its key. */
export function RestoreForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(restoreAction, { status: "idle" });
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      {state.status === "error" && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm font-medium text-red-900">{state.message}</p>
      )}
      {state.status === "success" && <p role="status" className="text-sm font-medium text-green-900">{state.message}</p>}
      <button type="submit" disabled={pending} className={BUTTON}>{pending ? "Restaurando…" : "Restaurar"}</button>
    </form>
  );
}

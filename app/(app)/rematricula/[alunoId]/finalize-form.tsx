"use client";

import { useActionState } from "react";
import { finalizeAction, type FinalizeState } from "./actions";

const BUTTON =
  "rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-700";

/** The one action of the detail page; a refusal by the server disables it for good. */
export function FinalizeForm({ alunoId }: { alunoId: string }) {
  const [state, action, pending] = useActionState<FinalizeState, FormData>(finalizeAction, { status: "idle" });
  const blocked = state.status === "error" && state.code === "INADIMPLENCIA_BLOQUEADA";
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="alunoId" value={alunoId} />
      {state.status === "error" && (
        <p role="alert" className={`rounded border px-4 py-3 text-sm font-medium ${
          blocked ? "border-red-300 bg-red-50 text-red-900" : "border-amber-300 bg-amber-50 text-amber-900"}`}>
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending || blocked} aria-disabled={pending || blocked || undefined} className={BUTTON}>
        {pending ? "Finalizando…" : "Finalizar rematrícula"}
      </button>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { ConfirmStep } from "@/app/_components/confirm-step";
import { undoYearAction } from "../actions";

/**
 * Desfazer, confirmed in a dialog; a refusal lists the students changed since
 * the turn. Rendered for every turn, so that it stays mounted (with its
 * message) when the refreshed page no longer offers the undo.
 */
export function UndoTurnForm({ batchId, fromYear, undoable }: { batchId: string; fromYear: number; undoable: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(undoYearAction, { status: "idle" });
  const rows = state.status === "error" ? state.fields?.rows?.split("\n").filter(Boolean) ?? [] : [];
  if (!undoable && state.status === "idle") return null;
  return (
    <div className="space-y-2">
      {undoable && <form action={action}>
        <input type="hidden" name="batchId" value={batchId} />
        <ConfirmStep label={pending ? "Desfazendo…" : `Desfazer encerramento de ${fromYear}`} pending={pending}
          buttonClass={"rounded border border-red-700 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50 " +
            "disabled:text-slate-500"}
          confirm={{
            title: `Desfazer o encerramento de ${fromYear}?`,
            body: "Os alunos voltam à série, ao ano letivo e à situação de antes.",
            confirmLabel: "Desfazer encerramento",
          }} />
      </form>}
      {state.status === "success" && <p role="status" className="text-sm text-green-900">{state.message}</p>}
      {state.status === "error" && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p>{state.message}</p>
          {rows.length > 0 && (
            <ul tabIndex={0} aria-label="Alunos que mudaram depois do encerramento"
              className="mt-2 max-h-48 list-disc overflow-y-auto pl-5">
              {rows.map((r, i) => <li key={i}>{r}</li>)}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

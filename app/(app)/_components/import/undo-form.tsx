"use client";

import { useActionState, useState } from "react";
import type { UndoState } from "./undo-state";

/**
 * Desfazer with a confirmation step; a refusal lists the rows changed since the import.
 * It stays mounted once the batch is undone, so the refreshed page keeps the outcome's message.
 */
export function UndoForm({ undo, batchId, fileName, undone, effect }: {
  undo: (prev: UndoState, form: FormData) => Promise<UndoState>;
  batchId: string;
  fileName: string;
  undone: boolean;
  /** What undoing does, in the import's own words. */
  effect: string;
}) {
  const [state, action, pending] = useActionState<UndoState, FormData>(undo, { status: "idle" });
  const [confirming, setConfirming] = useState(false);
  if (state.status === "success") {
    return <p role="status" className="rounded border border-green-300 bg-green-50 px-4 py-3 text-sm text-green-900">{state.message}</p>;
  }
  if (undone) return null;
  return (
    <div className="space-y-3">
      {state.status === "error" && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">{state.message}</p>
          {state.rows && state.rows.length > 0 && (
            <ul tabIndex={0} aria-label="Linhas alteradas depois da importação" className="mt-2 max-h-60 list-disc overflow-y-auto pl-5">{state.rows.map((r, i) => <li key={i}>{r}</li>)}</ul>
          )}
        </div>
      )}
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}
          className="rounded border border-red-700 px-4 py-2 font-medium text-red-800 hover:bg-red-50">
          Desfazer importação
        </button>
      ) : (
        <form action={action} className="space-y-3 rounded border border-red-300 bg-red-50 p-4">
          <input type="hidden" name="batchId" value={batchId} />
          <p className="text-sm text-red-900">
            Desfazer a importação de <strong>{fileName}</strong>? {effect}
          </p>
          <div className="flex gap-3">
            <button type="submit" disabled={pending}
              className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-400">
              {pending ? "Desfazendo…" : "Sim, desfazer"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={pending}
              className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">Cancelar</button>
          </div>
        </form>
      )}
    </div>
  );
}

"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { cancelAction } from "./actions";

const MAX_REASON = 500;

/** Cancelling needs a reason; what was typed stays in the field when the server refuses. */
export function CancelForm({ alunoId }: { alunoId: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(cancelAction, { status: "idle" });
  const error = state.status === "error" ? state : null;
  const fieldError = error?.fields?.reason;
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">Cancelar rematrícula</h2>
      <input type="hidden" name="alunoId" value={alunoId} />
      {error && !fieldError && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">{error.message}</p>
      )}
      <label htmlFor="reason" className="block text-sm font-medium">Motivo do cancelamento</label>
      <textarea id="reason" name="reason" required maxLength={MAX_REASON} rows={3}
        defaultValue={error?.values?.reason ?? ""} key={error ? `e-${error.values?.reason}` : "idle"}
        aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? "reason-error" : "reason-hint"}
        className="w-full rounded border border-slate-400 px-3 py-2" />
      {fieldError ? (
        <p id="reason-error" className="text-sm text-red-800">{fieldError}</p>
      ) : (
        <p id="reason-hint" className="text-xs text-slate-700">Obrigatório, até {MAX_REASON} caracteres. Fica registrado com seu nome e a data.</p>
      )}
      <button type="submit" disabled={pending}
        className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-300 disabled:text-slate-700">
        {pending ? "Cancelando…" : "Cancelar rematrícula"}
      </button>
    </form>
  );
}

"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/action-state";
import { softDeleteAction } from "../actions";
import { BUTTON_DANGER, BUTTON_SECONDARY, INPUT } from "./format";

/**
 * Soft delete behind a native dialog. The reason is required twice: by the
 * browser (the dialog will not submit an empty one) and by the server, which
 * refuses it whatever the client sends.
 */
export function DeleteDialog({ id, studentName }: { id: string; studentName: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action, pending] = useActionState<ActionState, FormData>(softDeleteAction, { status: "idle" });
  useEffect(() => {
    if (state.status === "success") dialog.current?.close();
  }, [state]);
  const error = state.status === "error" ? state.fields?.reason ?? state.message : undefined;
  return (
    <>
      <button type="button" className={BUTTON_DANGER} onClick={() => dialog.current?.showModal()}>Excluir</button>
      {state.status === "success" && <p role="status" className="mt-2 text-sm font-medium text-green-900">{state.message}</p>}
      <dialog ref={dialog} aria-labelledby="excluir-titulo"
        className="m-auto w-full max-w-lg rounded border border-slate-300 p-0 backdrop:bg-slate-900/50">
        <form action={action} className="space-y-4 p-5">
          <h2 id="excluir-titulo" className="text-lg font-semibold">Excluir {studentName} da lista ativa</h2>
          <p className="text-sm text-slate-700">
            O registro deixa de bloquear a rematrícula e continua no histórico; pode ser restaurado depois.
          </p>
          <input type="hidden" name="id" value={id} />
          <div>
            <label htmlFor="reason" className="block text-sm font-medium">
              Motivo da exclusão<span aria-hidden="true" className="text-red-800"> *</span>
            </label>
            <textarea id="reason" name="reason" required maxLength={500} rows={3}
              defaultValue={state.status === "error" ? state.values?.reason : ""}
              aria-invalid={error ? true : undefined} aria-describedby={error ? "reason-erro" : undefined}
              className={INPUT} />
            {error && <p id="reason-erro" role="alert" className="mt-1 text-sm font-medium text-red-800">{error}</p>}
          </div>
          <div className="flex justify-end gap-2">
            <button type="button" className={BUTTON_SECONDARY} onClick={() => dialog.current?.close()}>Cancelar</button>
            <button type="submit" disabled={pending} className={BUTTON_DANGER}>
              {pending ? "Excluindo…" : "Confirmar exclusão"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

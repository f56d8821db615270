"use client";

import { useId, useRef } from "react";

/** What a destructive button asks before it acts, in the user's words. */
export interface Confirmation {
  title: string;
  body: string;
  confirmLabel: string;
}

const DIALOG = "m-auto w-[calc(100%-2rem)] max-w-lg rounded border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-slate-900/50";
const CANCEL = "rounded border border-slate-400 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100";
const CONFIRM = "rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-400";

/**
 * A button that opens a native modal dialog instead of acting: the dialog's
 * "confirm" is the form's submit button, "Cancelar" (or Esc) closes it and
 * nothing is sent. Must sit inside the form it confirms. A native <dialog>
 * traps focus and works by keyboard and touch, which window.confirm does not
 * guarantee on every phone.
 */
export function ConfirmStep({ label, ariaLabel, confirm, pending, buttonClass }: {
  label: string;
  ariaLabel?: string;
  confirm: Confirmation;
  pending?: boolean;
  buttonClass: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  return (
    <>
      <button type="button" aria-label={ariaLabel} aria-haspopup="dialog" disabled={pending} className={buttonClass}
        onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} className={DIALOG}>
        <div className="space-y-4 p-5 text-left">
          <h2 id={`${id}-title`} className="text-lg font-semibold">{confirm.title}</h2>
          <p id={`${id}-body`} className="text-sm whitespace-normal text-slate-700">{confirm.body}</p>
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" autoFocus className={CANCEL} onClick={() => dialog.current?.close()}>Cancelar</button>
            <button type="submit" className={CONFIRM} onClick={() => dialog.current?.close()}>{confirm.confirmLabel}</button>
          </div>
        </div>
      </dialog>
    </>
  );
}

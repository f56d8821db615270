"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { ConfirmStep, type Confirmation } from "@/app/_components/confirm-step";
import { refusalText } from "./refusal-text";

/** An action's answer (lib/action-state), possibly with a temporary password to show once. */
export type FormState = ActionState & { tempPassword?: string };

export const IDLE_FORM: FormState = { status: "idle" };

export const BUTTON = "rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800 disabled:bg-slate-400";
export const SMALL_BUTTON = "rounded border border-slate-400 px-2 py-1 text-sm hover:bg-slate-100 disabled:text-slate-500";

/** The outcome of a form: a message, and a temporary password shown this once. */
export function StateNotice({ state, unseen }: { state: FormState; unseen?: readonly string[] }) {
  if (state.status === "idle") return null;
  if (state.status === "error") {
    return <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">{refusalText(state, unseen)}</p>;
  }
  return (
    <div role="status" className="mt-2 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
      <p>{state.message}</p>
      {state.tempPassword && (
        <p className="mt-1">
          Senha temporária (mostrada só agora; a pessoa deve trocá-la ao entrar):{" "}
          <code data-testid="temp-password" className="rounded bg-white px-2 py-0.5 font-mono text-base text-slate-900">
            {state.tempPassword}
          </code>
        </p>
      )}
    </div>
  );
}

/**
 * A one-button form (remove a role, deactivate, reset a password) with hidden
 * fields; the server action re-checks everything, the fields are only its input.
 * With `confirm`, the button opens a dialog and only its confirmation submits.
 */
export function ActionButton({
  action, fields, label, ariaLabel, confirm, children,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  label: string;
  ariaLabel?: string;
  confirm?: Confirmation;
  children?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE_FORM);
  return (
    <form action={formAction} className="inline-flex flex-col items-start">
      {Object.entries(fields).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <div className="flex items-center gap-2">
        {children}
        {confirm ? (
          <ConfirmStep label={label} ariaLabel={ariaLabel} confirm={confirm} pending={pending} buttonClass={SMALL_BUTTON} />
        ) : (
          <button type="submit" disabled={pending} aria-label={ariaLabel} className={SMALL_BUTTON}>{label}</button>
        )}
      </div>
      <StateNotice state={state} unseen={Object.keys(fields)} />
    </form>
  );
}

/** A labelled input with its error next to it; keeps what the user typed. */
export function Field({
  name, label, state, type = "text", defaultValue, required, hint,
}: {
  name: string; label: string; state: FormState; type?: string; defaultValue?: string; required?: boolean; hint?: string;
}) {
  const error = state.status === "error" ? state.fields?.[name] : undefined;
  const value = state.status === "error" && state.values ? state.values[name] : defaultValue;
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">{label}</label>
      <input
        id={name} name={name} type={type} required={required} defaultValue={value ?? ""}
        key={`${name}:${value ?? ""}`}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined}
        className="mt-1 w-full rounded border border-slate-400 px-3 py-2"
      />
      {hint && !error && <p id={`${name}-hint`} className="mt-1 text-xs text-slate-600">{hint}</p>}
      {error && <p id={`${name}-error`} className="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}

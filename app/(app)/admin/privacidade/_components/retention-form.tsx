"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { saveRetentionAction } from "../actions";
import { StateNotice } from "../../_components/action-form";

export interface RetentionField { kind: string; label: string; what: string; months: number; min: number; max: number }

/** The school's retention periods; after an error each field keeps what the admin typed. */
export function RetentionForm({ fields }: { fields: RetentionField[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(saveRetentionAction, { status: "idle" });
  const typed = state.status === "error" ? state.values : undefined;
  const errors = state.status === "error" ? state.fields ?? {} : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {fields.map((f) => (
        <div key={f.kind}>
          <label htmlFor={f.kind} className="font-medium">{f.label} (meses)</label>
          <p id={`${f.kind}-help`} className="text-sm text-slate-600">
            Após este prazo, {f.what}. Entre {f.min} e {f.max} meses.
          </p>
          <input id={f.kind} name={f.kind} type="number" inputMode="numeric" min={f.min} max={f.max} step={1} required
            defaultValue={typed ? typed[f.kind] : String(f.months)}
            aria-invalid={!!errors[f.kind] || undefined}
            aria-describedby={`${f.kind}-help${errors[f.kind] ? ` ${f.kind}-error` : ""}`}
            className="mt-1 w-32 rounded border border-slate-400 bg-white px-3 py-2" />
          {errors[f.kind] && <p id={`${f.kind}-error`} className="mt-1 text-sm text-red-800">{errors[f.kind]}</p>}
        </div>
      ))}
      <StateNotice state={state} />
      <button type="submit" disabled={pending}
        className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Salvando…" : "Salvar prazos"}
      </button>
    </form>
  );
}

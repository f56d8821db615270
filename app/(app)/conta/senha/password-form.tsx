"use client";

import { useActionState } from "react";
import { IDLE } from "@/lib/action-state-idle";
import { changePasswordAction } from "./actions";

const FIELDS = [
  { name: "current", label: "Senha atual", autoComplete: "current-password" },
  { name: "password", label: "Nova senha (mínimo 10 caracteres)", autoComplete: "new-password" },
  { name: "confirm", label: "Repita a nova senha", autoComplete: "new-password" },
];

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, IDLE);
  const fields = state.status === "error" ? state.fields ?? {} : {};
  return (
    <form action={action} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      {FIELDS.map((f) => (
        <div key={f.name}>
          <label htmlFor={f.name} className="block text-sm font-medium">{f.label}</label>
          <input id={f.name} name={f.name} type="password" required autoComplete={f.autoComplete}
            aria-invalid={fields[f.name] ? true : undefined} aria-describedby={fields[f.name] ? `${f.name}-error` : undefined}
            className="mt-1 w-full rounded border border-slate-400 px-3 py-2" />
          {fields[f.name] && <p id={`${f.name}-error`} className="mt-1 text-sm text-red-700">{fields[f.name]}</p>}
        </div>
      ))}
      {state.status === "error" && <p role="alert" className="text-sm text-red-800">{state.message}</p>}
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
        {pending ? "Salvando…" : "Alterar senha"}
      </button>
    </form>
  );
}

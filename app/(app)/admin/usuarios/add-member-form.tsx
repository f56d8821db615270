"use client";

import { useActionState } from "react";
import { PICKER_ROLES, pickerLabel } from "@/lib/people/role-picker";
import { BUTTON, Field, IDLE_FORM, StateNotice } from "../_components/action-form";
import { addMemberAction } from "./actions";

/** Adds a member by e-mail; a new login's temporary password is shown once. */
export function AddMemberForm() {
  const [state, action, pending] = useActionState(addMemberAction, IDLE_FORM);
  const roleError = state.status === "error" ? state.fields?.role : undefined;
  const roleValue = state.status === "error" ? state.values?.role : undefined;
  return (
    <form action={action} className="rounded border border-slate-200 bg-white p-4" aria-labelledby="add-member-title">
      <h2 id="add-member-title" className="mb-3 text-lg font-semibold">Adicionar usuário</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field name="email" label="E-mail" type="email" state={state} required />
        <Field name="name" label="Nome" state={state} required hint="Usado só se a pessoa ainda não tiver conta." />
        <div>
          <label htmlFor="role" className="block text-sm font-medium">Papel</label>
          <select id="role" name="role" defaultValue={roleValue ?? PICKER_ROLES[0]} key={roleValue}
            aria-invalid={roleError ? true : undefined} className="mt-1 w-full rounded border border-slate-400 px-3 py-2">
            {PICKER_ROLES.map((r) => <option key={r} value={r}>{pickerLabel(r)}</option>)}
          </select>
          {roleError && <p className="mt-1 text-sm text-red-700">{roleError}</p>}
        </div>
      </div>
      <button type="submit" disabled={pending} className={`${BUTTON} mt-3`}>{pending ? "Adicionando…" : "Adicionar"}</button>
      <StateNotice state={state} />
    </form>
  );
}

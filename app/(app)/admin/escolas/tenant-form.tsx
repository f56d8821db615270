"use client";

import { useActionState } from "react";
import { BUTTON, Field, IDLE_FORM, StateNotice } from "../_components/action-form";
import { createTenantAction } from "./actions";

export function TenantForm() {
  const [state, action, pending] = useActionState(createTenantAction, IDLE_FORM);
  const unidadesError = state.status === "error" ? state.fields?.unidades : undefined;
  return (
    <form action={action} className="rounded border border-slate-200 bg-white p-4" aria-labelledby="new-tenant-title">
      <h2 id="new-tenant-title" className="mb-3 text-lg font-semibold">Nova escola</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name="name" label="Nome da escola" state={state} required />
        <Field name="slug" label="Identificador da escola" state={state} required
          hint="Um nome curto e único, que distingue a escola de outras com nome parecido: letras minúsculas, números e hífens, como colegio-pelicano." />
        <div className="sm:col-span-2">
          <label htmlFor="unidades" className="block text-sm font-medium">Unidades (uma por linha)</label>
          <textarea id="unidades" name="unidades" rows={3} key={state.status === "error" ? state.values?.unidades : ""}
            defaultValue={state.status === "error" ? state.values?.unidades : ""}
            className="mt-1 w-full rounded border border-slate-400 px-3 py-2" />
          {unidadesError && <p className="mt-1 text-sm text-red-700">{unidadesError}</p>}
        </div>
        <Field name="adminEmail" label="E-mail do primeiro administrador" type="email" state={state} required />
        <Field name="adminName" label="Nome do primeiro administrador" state={state} required />
      </div>
      <button type="submit" disabled={pending} className={`${BUTTON} mt-3`}>{pending ? "Criando…" : "Criar escola"}</button>
      <StateNotice state={state} />
    </form>
  );
}

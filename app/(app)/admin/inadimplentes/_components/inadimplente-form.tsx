"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { createAction, updateAction } from "../actions";
import { Field } from "./field";
import { BUTTON } from "./format";

export interface FormValues {
  studentName: string;
  guardian1Name: string;
  studentEscola: string;
  codigoInadim: string;
  mesesInadim: string;
  /** Only on a new row: on an existing one the link is changed with the student search. */
  codigoAluno?: string;
}

export const EMPTY_VALUES: FormValues = {
  studentName: "", guardian1Name: "", studentEscola: "", codigoInadim: "", mesesInadim: "", codigoAluno: "",
};

/**
 * Create (no id) or edit (with id). Validation is the server's: the browser's own
 * is off so every rule speaks with one voice, next to its field, and what the
 * user typed comes back with the errors.
 */
export function InadimplenteForm({ id, initial, escolas }: { id?: string; initial: FormValues; escolas: string[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(id ? updateAction : createAction, { status: "idle" });
  const values = state.status === "error" && state.values ? state.values : undefined;
  const v = (k: keyof FormValues) => values?.[k] ?? initial[k] ?? "";
  const err = (k: keyof FormValues) => (state.status === "error" ? state.fields?.[k] : undefined);
  return (
    <form action={action} noValidate className="space-y-4 rounded border border-slate-200 bg-white p-4" aria-label={id ? "Editar registro" : "Novo registro"}>
      {id && <input type="hidden" name="id" value={id} />}
      {state.status === "error" && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm font-medium text-red-900">{state.message}</p>
      )}
      {state.status === "success" && (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-4 py-3 text-sm font-medium text-green-900">{state.message}</p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="studentName" label="Aluno" required defaultValue={v("studentName")} error={err("studentName")} />
        <Field name="guardian1Name" label="Responsável" defaultValue={v("guardian1Name")} error={err("guardian1Name")} />
        <Field name="studentEscola" label="Unidade" list="escolas" defaultValue={v("studentEscola")} error={err("studentEscola")} />
        <Field name="codigoInadim" label="Código" defaultValue={v("codigoInadim")} error={err("codigoInadim")} />
        <Field name="mesesInadim" label="Meses em atraso" inputMode="numeric" hint="Número inteiro de 0 a 600."
          defaultValue={v("mesesInadim")} error={err("mesesInadim")} />
        {!id && (
          <Field name="codigoAluno" label="Matrícula" defaultValue={v("codigoAluno")} error={err("codigoAluno")}
            hint="Opcional: o código do aluno na escola. Com ela, o registro bloqueia só este aluno, mesmo que outro tenha o mesmo nome." />
        )}
      </div>
      <datalist id="escolas">{escolas.map((e) => <option key={e} value={e} />)}</datalist>
      <button type="submit" disabled={pending} className={BUTTON}>
        {pending ? "Salvando…" : id ? "Salvar alterações" : "Criar registro"}
      </button>
    </form>
  );
}

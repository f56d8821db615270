"use client";

import { useActionState } from "react";
import { ALUNO_STATUSES, STATUS_LABEL } from "@/lib/people/roles";
import { BUTTON, Field, IDLE_FORM, StateNotice, type FormState } from "../_components/action-form";

export interface AlunoValues {
  alunoId?: string;
  nome?: string; matricula?: string; cpf?: string; dataNascimento?: string; responsavelNome?: string;
  responsavelTelefone?: string;
  unidade?: string; serie?: string; turma?: string; anoLetivo?: string; status?: string;
}

/** One student's fields, for creating (with an optional login) or editing. */
export function AlunoForm({
  action, initial = {}, unidades, withLogin, submitLabel,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  initial?: AlunoValues;
  unidades: string[];
  withLogin?: boolean;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE_FORM);
  const v = (name: keyof AlunoValues) => initial[name];
  const sel = (name: string, fallback: string) => (state.status === "error" && state.values?.[name]) || fallback;
  const err = (name: string) => (state.status === "error" ? state.fields?.[name] : undefined);
  return (
    <form action={formAction} className="rounded border border-slate-200 bg-white p-4">
      {initial.alunoId && <input type="hidden" name="alunoId" value={initial.alunoId} />}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Field name="nome" label="Nome do aluno" state={state} defaultValue={v("nome")} required />
        <Field name="matricula" label="Matrícula (código na escola)" state={state} defaultValue={v("matricula")}
          hint="Como no sistema acadêmico, com os zeros à esquerda; opcional." />
        <Field name="cpf" label="CPF" state={state} defaultValue={v("cpf")} hint="Com ou sem pontuação; opcional." />
        <Field name="dataNascimento" label="Data de nascimento" type="date" state={state} defaultValue={v("dataNascimento")} />
        <Field name="responsavelNome" label="Responsável" state={state} defaultValue={v("responsavelNome")} />
        <Field name="responsavelTelefone" label="Telefone do responsável" state={state} defaultValue={v("responsavelTelefone")} />
        <div>
          <label htmlFor="unidade" className="block text-sm font-medium">Unidade</label>
          <select id="unidade" name="unidade" defaultValue={sel("unidade", v("unidade") ?? "")} key={sel("unidade", v("unidade") ?? "")}
            className="mt-1 w-full rounded border border-slate-400 px-3 py-2">
            <option value="">—</option>
            {unidades.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
          {err("unidade") && <p className="mt-1 text-sm text-red-700">{err("unidade")}</p>}
        </div>
        <Field name="serie" label="Série" state={state} defaultValue={v("serie")} />
        <Field name="turma" label="Turma" state={state} defaultValue={v("turma")} />
        <Field name="anoLetivo" label="Ano letivo" state={state} defaultValue={v("anoLetivo")} />
        <div>
          <label htmlFor="status" className="block text-sm font-medium">Situação</label>
          <select id="status" name="status" defaultValue={sel("status", v("status") ?? "ativo")} key={sel("status", v("status") ?? "ativo")}
            className="mt-1 w-full rounded border border-slate-400 px-3 py-2">
            {ALUNO_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABEL[s]}</option>)}
          </select>
          {err("status") && <p className="mt-1 text-sm text-red-700">{err("status")}</p>}
        </div>
        {withLogin && (
          <Field name="email" label="E-mail de acesso (opcional)" type="email" state={state}
            hint="Com e-mail, o aluno ganha uma conta com senha temporária." />
        )}
      </div>
      <button type="submit" disabled={pending} className={`${BUTTON} mt-3`}>{pending ? "Salvando…" : submitLabel}</button>
      <StateNotice state={state} />
    </form>
  );
}

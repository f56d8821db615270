"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import type { AlunoOption } from "@/lib/inadimplencia/liberacoes";
import { grantAction } from "../actions";
import { StateNotice } from "../../_components/action-form";

const INPUT = "mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <p id={id} className="mt-1 text-sm text-red-800">{message}</p> : null;
}

/** Grants an exception; on error the fields keep what was typed and say what is wrong. */
export function GrantForm({ alunos, minDate, maxDate }: { alunos: AlunoOption[]; minDate: string; maxDate: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(grantAction, { status: "idle" });
  const values = state.status === "error" ? state.values ?? {} : {};
  const fields = state.status === "error" ? state.fields ?? {} : {};
  const describe = (name: string) => (fields[name] ? `${name}-error` : undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      <div>
        <label htmlFor="alunoId" className="block text-sm font-medium">Aluno</label>
        <select id="alunoId" name="alunoId" required defaultValue={values.alunoId ?? (alunos.length === 1 ? alunos[0].id : "")}
          aria-invalid={!!fields.alunoId || undefined} aria-describedby={describe("alunoId")} className={INPUT}>
          <option value="">{alunos.length ? "Selecione o aluno" : "Busque o aluno acima"}</option>
          {alunos.map((a) => (
            <option key={a.id} value={a.id}>
              {a.nome}{a.matricula ? ` — matrícula ${a.matricula}` : ""}{a.serie ? ` — ${a.serie}` : ""}
              {a.turma ? ` turma ${a.turma}` : ""}{a.unidade ? ` (${a.unidade})` : ""}
              {a.responsavelNome ? ` · resp. ${a.responsavelNome}` : ""}
            </option>
          ))}
        </select>
        <FieldError id="alunoId-error" message={fields.alunoId} />
      </div>
      <div>
        <label htmlFor="reason" className="block text-sm font-medium">Motivo</label>
        <textarea id="reason" name="reason" required maxLength={500} rows={3} defaultValue={values.reason}
          aria-invalid={!!fields.reason || undefined} aria-describedby={describe("reason")} className={INPUT} />
        <FieldError id="reason-error" message={fields.reason} />
      </div>
      <div>
        <label htmlFor="validUntil" className="block text-sm font-medium">Válida até (inclusive)</label>
        <input id="validUntil" name="validUntil" type="date" required min={minDate} max={maxDate} defaultValue={values.validUntil}
          aria-invalid={!!fields.validUntil || undefined} aria-describedby={describe("validUntil")} className={INPUT} />
        <FieldError id="validUntil-error" message={fields.validUntil} />
      </div>
      <StateNotice state={state} />
      <button type="submit" disabled={pending}
        className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Concedendo…" : "Conceder liberação"}
      </button>
    </form>
  );
}

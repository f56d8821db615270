"use client";

import { useActionState, useEffect, useRef } from "react";
import { secondsFromMs } from "@/lib/config/ttl-seconds";
import type { InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { saveFlagsAction, type FlagsState } from "../actions";
import { FLAG_TEXTS } from "./flag-texts";
import { StateNotice } from "../../_components/action-form";

const BOOLEANS = ["enabled", "enforcementServerEnabled", "requireGuardian", "requireSameSchool"] as const;
const INPUT = "mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2";

function FieldError({ name, message }: { name: string; message?: string }) {
  return message ? <p id={`${name}-error`} className="mt-1 text-sm text-red-800">{message}</p> : null;
}

/**
 * The flags as a form; after an error every field shows what the admin typed,
 * not what is stored. A save that changes who is blocked comes back as
 * "confirm" with the effect in numbers, shown in a dialog whose confirmation
 * sends the same values again with confirmEffect.
 */
export function FlagsForm({ flags }: { flags: InadimplenciaFlags }) {
  const [state, action, pending] = useActionState<FlagsState, FormData>(saveFlagsAction, { status: "idle" });
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.status === "confirm") dialog.current?.showModal();
  }, [state]);
  const typed = state.status === "error" || state.status === "confirm" ? state.values : undefined;
  const fields = state.status === "error" ? state.fields ?? {} : {};
  const checked = (k: (typeof BOOLEANS)[number]) => (typed ? typed[k] === "true" : flags[k]);
  const aria = (name: string) => ({
    "aria-invalid": !!fields[name] || undefined,
    "aria-describedby": `${name}-help${fields[name] ? ` ${name}-error` : ""}`,
  });
  // Keyed by the answer, so the fields take the typed values again after each one.
  const key = state.status === "idle" ? "stored" : JSON.stringify(typed ?? {});
  return (
    <form action={action} className="space-y-5" noValidate key={key}>
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">Verificação de inadimplência</legend>
        {BOOLEANS.map((k) => (
          <div key={k} className="flex gap-3">
            <input id={k} name={k} type="checkbox" value="true" defaultChecked={checked(k)} {...aria(k)}
              className="mt-1 h-5 w-5 shrink-0 accent-blue-700" />
            <div>
              <label htmlFor={k} className="font-medium">{FLAG_TEXTS[k].label}</label>
              <p id={`${k}-help`} className="text-sm text-slate-600">{FLAG_TEXTS[k].help}</p>
              <FieldError name={k} message={fields[k]} />
            </div>
          </div>
        ))}
      </fieldset>
      <div>
        <label htmlFor="bannerMessage" className="font-medium">{FLAG_TEXTS.bannerMessage.label}</label>
        <p id="bannerMessage-help" className="text-sm text-slate-600">{FLAG_TEXTS.bannerMessage.help}</p>
        <input id="bannerMessage" name="bannerMessage" type="text" maxLength={300} required
          defaultValue={typed ? typed.bannerMessage : flags.bannerMessage} {...aria("bannerMessage")} className={INPUT} />
        <FieldError name="bannerMessage" message={fields.bannerMessage} />
      </div>
      <div>
        <label htmlFor="cacheTtlMs" className="font-medium">{FLAG_TEXTS.cacheTtlMs.label}</label>
        <p id="cacheTtlMs-help" className="text-sm text-slate-600">{FLAG_TEXTS.cacheTtlMs.help}</p>
        <input id="cacheTtlMs" name="cacheTtlMs" type="number" inputMode="decimal" min={0} max={86_400} step="any" required
          defaultValue={typed ? typed.cacheTtlMs : secondsFromMs(flags.cacheTtlMs)} {...aria("cacheTtlMs")} className={`${INPUT} max-w-xs`} />
        <FieldError name="cacheTtlMs" message={fields.cacheTtlMs} />
      </div>
      {state.status !== "confirm" && <StateNotice state={state} />}
      <button type="submit" disabled={pending}
        className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Salvando…" : "Salvar configurações"}
      </button>
      <dialog ref={dialog} aria-labelledby="efeito-titulo" aria-describedby="efeito-texto"
        className="m-auto w-[calc(100%-2rem)] max-w-lg rounded border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-slate-900/50">
        <div className="space-y-4 p-5">
          <h2 id="efeito-titulo" className="text-lg font-semibold">Salvar muda quem está bloqueado</h2>
          <p id="efeito-texto" className="text-slate-800" data-testid="flags-effect">
            {state.status === "confirm" ? state.message : ""}
          </p>
          <p className="text-sm text-slate-600">Contados agora entre os alunos da campanha, pela mesma regra da tela de rematrícula.</p>
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" autoFocus onClick={() => dialog.current?.close()}
              className="rounded border border-slate-400 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
              Cancelar
            </button>
            <button type="submit" name="confirmEffect" value="1" onClick={() => dialog.current?.close()}
              className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">
              Confirmar e salvar
            </button>
          </div>
        </div>
      </dialog>
    </form>
  );
}

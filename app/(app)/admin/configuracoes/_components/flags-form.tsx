"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import type { InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { saveFlagsAction } from "../actions";
import { FLAG_TEXTS } from "./flag-texts";
import { StateNotice } from "../../_components/action-form";

const BOOLEANS = ["enabled", "enforcementServerEnabled", "requireGuardian", "requireSameSchool"] as const;
const INPUT = "mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2";

function FieldError({ name, message }: { name: string; message?: string }) {
  return message ? <p id={`${name}-error`} className="mt-1 text-sm text-red-800">{message}</p> : null;
}

/** The flags as a form; after an error every field shows what the admin typed, not what is stored. */
export function FlagsForm({ flags }: { flags: InadimplenciaFlags }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(saveFlagsAction, { status: "idle" });
  const typed = state.status === "error" ? state.values : undefined;
  const fields = state.status === "error" ? state.fields ?? {} : {};
  const checked = (k: (typeof BOOLEANS)[number]) => (typed ? typed[k] === "true" : flags[k]);
  const aria = (name: string) => ({
    "aria-invalid": !!fields[name] || undefined,
    "aria-describedby": `${name}-help${fields[name] ? ` ${name}-error` : ""}`,
  });
  return (
    <form action={action} className="space-y-5" noValidate>
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
        <input id="cacheTtlMs" name="cacheTtlMs" type="number" inputMode="numeric" min={0} max={86_400_000} step={1} required
          defaultValue={typed ? typed.cacheTtlMs : String(flags.cacheTtlMs)} {...aria("cacheTtlMs")} className={`${INPUT} max-w-xs`} />
        <FieldError name="cacheTtlMs" message={fields.cacheTtlMs} />
      </div>
      <StateNotice state={state} />
      <button type="submit" disabled={pending}
        className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Salvando…" : "Salvar configurações"}
      </button>
    </form>
  );
}

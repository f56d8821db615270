"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/action-state";
import { closeYearAction } from "../actions";

/**
 * The turn itself, after a confirmation. It carries the year and the choice of
 * the preview on screen, so the server turns exactly what was shown (or
 * refuses, if that year was closed meanwhile). Once done, the form gives way
 * to the outcome: the refreshed page previews the next year, and closing that
 * one takes a deliberate new start.
 */
export function CloseForm({ fromYear, choice }: { fromYear: number; choice: "inativar" | "manter" }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(closeYearAction, { status: "idle" });
  const [confirming, setConfirming] = useState(false);
  if (state.status === "success") {
    return <p role="status" className="rounded border border-green-300 bg-green-50 px-4 py-3 text-green-950">{state.message}</p>;
  }
  return (
    <div className="space-y-3">
      {state.status === "error" && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-red-900">{state.message}</p>
      )}
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}
          className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">
          Encerrar o ano letivo {fromYear}…
        </button>
      ) : (
        <form action={action} className="space-y-3 rounded border border-red-300 bg-red-50 p-4">
          <input type="hidden" name="anoLetivo" value={fromYear} />
          <input type="hidden" name="alunosSemRematricula" value={choice} />
          <p className="text-red-950">
            Encerrar o ano letivo {fromYear} como mostra a prévia? Os alunos mudam de série e de ano numa só operação,
            que fica registrada e pode ser desfeita enquanto nada mudar depois dela.{" "}
            {choice === "inativar"
              ? "Os alunos ativos sem rematrícula concluída passam a inativos."
              : "Os alunos ativos sem rematrícula concluída ficam como estão."}
          </p>
          <div className="flex flex-wrap gap-3">
            <button type="submit" disabled={pending}
              className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-400">
              {pending ? "Encerrando…" : `Sim, encerrar ${fromYear}`}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={pending}
              className="rounded border border-slate-400 bg-white px-4 py-2 hover:bg-slate-100">Cancelar</button>
          </div>
        </form>
      )}
    </div>
  );
}

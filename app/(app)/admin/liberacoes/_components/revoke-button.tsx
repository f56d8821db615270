"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { ConfirmStep } from "@/app/_components/confirm-step";
import { revokeAction } from "../actions";

export function RevokeButton({ id, alunoNome }: { id: string; alunoNome: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(revokeAction, { status: "idle" });
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <ConfirmStep label={pending ? "Revogando…" : "Revogar"} ariaLabel={`Revogar liberação de ${alunoNome}`} pending={pending}
        buttonClass="rounded border border-red-700 px-3 py-1 text-sm text-red-800 hover:bg-red-50 disabled:opacity-60"
        confirm={{
          title: `Revogar a liberação de ${alunoNome}?`,
          body: "A partir de agora, se o aluno estiver na lista de inadimplentes, a rematrícula dele volta a ser bloqueada. A revogação fica registrada e não pode ser desfeita: para liberar de novo, conceda outra liberação.",
          confirmLabel: "Revogar liberação",
        }} />
      {state.status === "error" && <p role="alert" className="mt-1 text-sm text-red-800">{state.message}</p>}
    </form>
  );
}

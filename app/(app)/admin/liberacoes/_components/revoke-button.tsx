"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import { revokeAction } from "../actions";

export function RevokeButton({ id, alunoNome }: { id: string; alunoNome: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(revokeAction, { status: "idle" });
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} aria-label={`Revogar liberação de ${alunoNome}`}
        className="rounded border border-red-700 px-3 py-1 text-sm text-red-800 hover:bg-red-50 disabled:opacity-60">
        {pending ? "Revogando…" : "Revogar"}
      </button>
      {state.status === "error" && <p role="alert" className="mt-1 text-sm text-red-800">{state.message}</p>}
    </form>
  );
}

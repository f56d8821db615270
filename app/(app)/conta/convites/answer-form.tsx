"use client";

import { useActionState } from "react";
import { IDLE } from "@/lib/action-state-idle";
import { answerInvitationAction } from "./actions";

export function AnswerForm({ invitationId }: { invitationId: string }) {
  const [state, action, pending] = useActionState(answerInvitationAction, IDLE);
  return (
    <form action={action} className="mt-3 flex flex-wrap items-center gap-2">
      <input type="hidden" name="invitationId" value={invitationId} />
      <button type="submit" name="answer" value="aceitar" disabled={pending}
        className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">Aceitar</button>
      <button type="submit" name="answer" value="recusar" disabled={pending}
        className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">Recusar</button>
      {state.status === "success" && <p role="status" className="text-sm text-green-800">{state.message}</p>}
      {state.status === "error" && <p role="alert" className="text-sm text-red-800">{state.message}</p>}
    </form>
  );
}

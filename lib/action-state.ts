import "server-only";
import { AppError, type ErrorCode } from "@/lib/errors";
import { errorFields, log } from "@/lib/log";
import { requestIds } from "@/lib/request-log";

/**
 * What a form's server action answers: the state `useActionState` renders.
 * `values` gives the form back what the user typed, so an error never wipes it.
 */
export type ActionState =
  | { status: "idle" }
  | { status: "success"; message: string }
  | {
      status: "error";
      code: ErrorCode | "UNEXPECTED";
      message: string;
      fields?: Record<string, string>;
      values?: Record<string, string>;
    };

export const IDLE: ActionState = { status: "idle" };

/** The form's text fields, as typed (files and repeated keys are ignored). */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] ??= v;
  return out;
}

/**
 * One log line per action, with the request's ids: "ok", a domain refusal
 * (its code only — the message may quote what the user typed) or a failure
 * (class and SQLSTATE, see lib/log.ts). Every action and route handler that
 * goes through actionState/errorResponse is covered by this.
 */
export async function logOutcome(label: string, startedAt?: number, e?: unknown): Promise<void> {
  const ids = await requestIds();
  const ms = startedAt === undefined ? undefined : Math.round(performance.now() - startedAt);
  if (e === undefined) log.info({ ...ids, action: label, outcome: "ok", ms }, "action");
  else if (e instanceof AppError) log.info({ ...ids, action: label, outcome: "refused", code: e.code, ms }, "action");
  else log.error({ ...ids, action: label, outcome: "failed", ms, ...errorFields(e) }, "action failed");
}

/**
 * Runs an action's work and turns its outcome into form state. Domain errors
 * carry messages written for users; anything else may hold database details,
 * so it goes to the log (without its message) and the user gets a generic one.
 */
export async function actionState(
  label: string,
  work: () => Promise<string>,
  values?: Record<string, string>,
): Promise<ActionState> {
  const startedAt = performance.now();
  try {
    const message = await work();
    await logOutcome(label, startedAt);
    return { status: "success", message };
  } catch (e) {
    await logOutcome(label, startedAt, e);
    if (e instanceof AppError) return { status: "error", code: e.code, message: e.message, fields: e.fields, values };
    return { status: "error", code: "UNEXPECTED", message: "Não foi possível concluir agora. Tente novamente em instantes.", values };
  }
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  INADIMPLENCIA_BLOQUEADA: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  THROTTLED: 429,
};

/** The JSON answer of a route handler that failed, with the same rule for messages. */
export function errorResponse(label: string, e: unknown): Response {
  // Not awaited: the answer does not wait for the log, and logOutcome never throws.
  void logOutcome(label, undefined, e);
  if (e instanceof AppError) {
    return Response.json({ error: e.code, message: e.message, fields: e.fields }, { status: HTTP_STATUS[e.code] });
  }
  return Response.json({ error: "UNEXPECTED", message: "Não foi possível concluir agora. Tente novamente em instantes." },
    { status: 500 });
}

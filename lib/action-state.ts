import "server-only";
import { AppError, type ErrorCode } from "@/lib/errors";

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
 * Runs an action's work and turns its outcome into form state. Domain errors
 * carry messages written for users; anything else may hold database details,
 * so it goes to the log and the user gets a generic message.
 */
export async function actionState(
  label: string,
  work: () => Promise<string>,
  values?: Record<string, string>,
): Promise<ActionState> {
  try {
    return { status: "success", message: await work() };
  } catch (e) {
    if (e instanceof AppError) return { status: "error", code: e.code, message: e.message, fields: e.fields, values };
    console.error(`${label} failed`, e);
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
  if (e instanceof AppError) {
    return Response.json({ error: e.code, message: e.message, fields: e.fields }, { status: HTTP_STATUS[e.code] });
  }
  console.error(`${label} failed`, e);
  return Response.json({ error: "UNEXPECTED", message: "Não foi possível concluir agora. Tente novamente em instantes." },
    { status: 500 });
}

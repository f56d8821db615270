export type ErrorCode =
  | "INADIMPLENCIA_BLOQUEADA"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "VALIDATION"
  | "NOT_FOUND"
  | "CONFLICT"
  | "THROTTLED";

/**
 * A domain error: a code the interface can act on and a message in Portuguese
 * that can be shown as is. Raw database errors never reach a user.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const forbidden = () => new AppError("FORBIDDEN", "Você não tem permissão para esta ação.");

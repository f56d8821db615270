import type { ErrorCode } from "@/lib/errors";

/** What an undo action answers its form; a refusal lists what changed since the import in `rows`. */
export type UndoState =
  | { status: "idle" }
  | { status: "success"; message: string }
  | { status: "error"; code: ErrorCode | "UNEXPECTED"; message: string; rows?: string[] };

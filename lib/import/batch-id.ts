import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A batch id from a URL is checked before it reaches a uuid cast, which would fail as a 500. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

// Another school's batch, a malformed id and a missing one look the same: RLS
// hides the first, and telling them apart would confirm that the id exists.
export const batchNotFound = () => new AppError("NOT_FOUND", "Importação não encontrada.");

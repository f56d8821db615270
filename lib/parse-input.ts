import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Parses input with a schema whose messages are written in Portuguese, or
 * throws VALIDATION with one message per field, for the form to show next to
 * each field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { formErrors, fieldErrors } = z.flattenError(parsed.error);
  const fields: Record<string, string> = {};
  for (const [k, msgs] of Object.entries(fieldErrors as Record<string, string[] | undefined>)) {
    if (msgs?.length) fields[k] = msgs[0];
  }
  throw new AppError("VALIDATION", formErrors[0] ?? "Verifique os campos destacados.", fields);
}

/** PostgreSQL refuses NUL in text: such input is refused before it reaches a query. */
export const noNul = (s: string) => !s.includes("\0");

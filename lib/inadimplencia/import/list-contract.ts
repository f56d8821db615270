import type { ImportContract } from "@/lib/import/contract";
import type { ImportField } from "./contract";
import { LIST_HEADERS } from "./headers";
import { validateRows, type HeldKey, type ImportRow } from "./validate";

/** The delinquent list as one use of the shared import pipeline. */
export const LIST_CONTRACT: ImportContract<ImportField, ImportRow, HeldKey> = {
  ...LIST_HEADERS,
  validate: validateRows,
};

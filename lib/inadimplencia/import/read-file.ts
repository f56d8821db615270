import {
  readContractFile, type ReadImportFailure, type ReadImportNeedsMapping as SharedNeedsMapping,
  type ReadImportOptions as SharedOptions, type ReadImportSuccess as SharedSuccess,
} from "@/lib/import/read-file";
import type { ImportField } from "./contract";
import { LIST_CONTRACT } from "./list-contract";
import type { HeldKey, ImportRow } from "./validate";

export { importMaxBytes } from "@/lib/import/read-file";
export type { ReadImportFailure };

export type ReadImportOptions = SharedOptions<ImportField>;
export type ReadImportSuccess = SharedSuccess<ImportField, ImportRow, HeldKey>;
export type ReadImportNeedsMapping = SharedNeedsMapping<ImportField>;
export type ReadImportResult = ReadImportSuccess | ReadImportFailure | ReadImportNeedsMapping;

/** The list's file through the shared front half (lib/import/read-file.ts). */
export function readImportFile(bytes: Uint8Array, options: ReadImportOptions = {}): ReadImportResult {
  return readContractFile(LIST_CONTRACT, bytes, options);
}

import type { ImportContract } from "@/lib/import/contract";
import { cleanFileName, sha256Hex } from "@/lib/import/file-facts";
import { readContractFile } from "@/lib/import/read-file";
import type { ImportFailure, ImportFile, LineIssue } from "@/lib/import/types";
import { ROSTER_HEADERS, type RosterField } from "./contract";
import { rosterHeld, validateRosterRows, type RosterHeld, type RosterRow } from "./validate";

/** The roster as the second use of the shared import pipeline. */
export const ROSTER_CONTRACT: ImportContract<RosterField, RosterRow, RosterHeld> = {
  ...ROSTER_HEADERS,
  validate: validateRosterRows,
  heldFromCells: rosterHeld,
};

export type RosterMapping = Partial<Record<RosterField, number>>;

/** A roster file read and validated, with what identifies it on its batch. */
export interface LoadedRoster {
  ok: true;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  mapping: RosterMapping;
  rows: RosterRow[];
  invalid: LineIssue[];
  warnings: LineIssue[];
  held: RosterHeld[];
}

/** The uploaded bytes through the shared front half (decode, delimiter, headers, rows). */
export function loadRosterFile(file: ImportFile, mapping?: RosterMapping): LoadedRoster | ImportFailure {
  const read = readContractFile(ROSTER_CONTRACT, file.bytes, { mapping });
  if (!read.ok) {
    return read.needsMapping
      ? { ok: false, error: read.error, needsMapping: true, headers: read.headers, suggested: read.suggested }
      : { ok: false, error: read.error };
  }
  return {
    ok: true,
    fileName: cleanFileName(file.name),
    sizeBytes: file.bytes.length,
    sha256: sha256Hex(file.bytes),
    encoding: read.encoding,
    delimiter: read.delimiter,
    headers: read.headers,
    mapping: read.mapping,
    rows: read.rows,
    invalid: read.invalid,
    warnings: read.warnings,
    held: read.held,
  };
}

import {
  BATCH_PAGE_SIZE, type BatchDetail, type BatchPage, type BatchSummary, type CommitCounts, type ImportFailure,
  type ImportFile, type ImportMode, type LineIssue,
} from "@/lib/import/types";
import type { AlunoRef } from "@/lib/inadimplencia/link";
import type { HeldKey, ImportRow } from "./validate";

/**
 * The CSV import's server API (SPEC §8), shared by the domain modules and the
 * route handlers/pages. Functions (all server-only, all check the capability
 * first with assertCan, all run under RLS as the request's tenant):
 *
 *   lib/inadimplencia/import/preview.ts
 *     previewImport(session: TenantSession, file: ImportFile, opts: PreviewOptions): Promise<PreviewResult>
 *       needs "inadimplentes.write"; writes nothing to the list.
 *
 *   lib/inadimplencia/import/commit.ts
 *     commitImport(session: TenantSession, file: ImportFile, opts: CommitOptions): Promise<CommitResult>
 *       needs "inadimplentes.write". A file that cannot be read returns { ok: false, ... } like the
 *       preview; throws AppError VALIDATION when the file's sha256 differs from expectedSha256,
 *       AppError CONFLICT when another import/undo of the same school is running.
 *
 *   lib/inadimplencia/import/undo.ts
 *     undoImport(session: TenantSession, batchId: string): Promise<UndoResult>
 *       needs "inadimplentes.write"; throws AppError NOT_FOUND (bad id / other tenant),
 *       CONFLICT (already undone, rows changed since — names in the message and in
 *       `fields.rows`, or another import running).
 *
 *   lib/inadimplencia/import/batches.ts
 *     listBatches(session: TenantSession, opts: { page?: number }): Promise<BatchPage>
 *     getBatch(session: TenantSession, id: string): Promise<BatchDetail>      (NOT_FOUND for bad id / other tenant)
 *     batchErrorsCsv(session: TenantSession, id: string): Promise<{ fileName: string; csv: string }>
 *       (csv from toCsv in lib/csv/export.ts; serve with csvResponse(fileName, csv))
 *       all need "inadimplentes.read".
 */

export type { BatchDetail, BatchPage, BatchSummary, CommitCounts, ImportFailure, ImportFile, ImportMode, LineIssue };
export { BATCH_PAGE_SIZE };

/** Manual header mapping: canonical field name → 0-based column index in the file. */
export type ColumnMapping = Record<string, number>;

export interface PreviewOptions {
  mode: ImportMode;
  mapping?: ColumnMapping;
  /** Students finance chose in the preview for rows of homonyms or of no match: file line → student id. */
  choices?: Record<number, string>;
}

export interface CommitOptions extends PreviewOptions {
  /** The sha256 (hex) that the preview returned; the commit refuses a different file. */
  expectedSha256: string;
}


/** How a row's name reconciles with the school's students (by name alone, before any choice). */
export type RowMatch =
  /**
   * Suggestions are asked only for the rows finance sees: the preview answers
   * them for its first page (PREVIEW_PAGE_SIZE rows); null on the rows past it,
   * whose page asks suggestionsAction when it is opened.
   */
  | { kind: "none"; suggestions: AlunoRef[] | null }
  | { kind: "one"; alunoId: string; nome: string }
  | { kind: "many"; count: number; candidates: AlunoRef[] };

export type RowAction = "new" | "updated" | "unchanged";

export interface PreviewRow extends ImportRow {
  action: RowAction;
  match: RowMatch;
  /** The student chosen in the preview for this row, when one was. */
  chosen: string | null;
  /** How many students the row will block, by the check's rule and flags (after the choice). */
  blocks: number;
}

/** What the file does to who is blocked, by the check's own rule (issue 18). */
export interface ImportEffect {
  /** The school's check is on; with it off, the list blocks nobody for now. */
  checkEnabled: boolean;
  /** Students the file's rows will block. */
  blocks: number;
  /** Students blocked today that no row blocks after the import (replace mode, or a link that moved). */
  unblocks: number;
  /** Rows of the file that match no student: nobody is blocked by them. */
  unmatchedRows: number;
}

/** An active row of the list that replace mode would deactivate. */
export interface DeactivationRow {
  id: string;
  codigoInadim: string | null;
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
}

/** A valid row of the file ready to stage, and the key of an invalid one (defined where the rows are validated). */
export type { HeldKey, ImportRow };

/** What identifies an uploaded file and how it was read; the preview reports it back. */
export interface FileFacts {
  ok: true;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  mapping: ColumnMapping;
  invalid: LineIssue[];
  warnings: LineIssue[];
}

/** A file read and validated by the front half, with what identifies it (internal to the import). */
export interface LoadedFile extends FileFacts {
  rows: ImportRow[];
  /** Keys of invalid rows: replace mode leaves their list rows alone. */
  held: HeldKey[];
}

export interface PreviewCounts {
  /** Valid rows in the file (after in-file duplicates collapsed). */
  total: number;
  new: number;
  updated: number;
  unchanged: number;
  /** Replace mode only; 0 in upsert mode. */
  toDeactivate: number;
  invalid: number;
  warnings: number;
  matchNone: number;
  matchOne: number;
  matchMany: number;
}

/** Max rows returned in `rows` and `toDeactivate`; the counts always cover everything. */
export const PREVIEW_ROW_CAP = 2000;

/** Rows per page of the preview's table; the preview computes suggestions for the first page only. */
export const PREVIEW_PAGE_SIZE = 50;

export interface PreviewSuccess extends FileFacts {
  mode: ImportMode;
  counts: PreviewCounts;
  effect: ImportEffect;
  /** Problem rows first (match none, then many, then the rest), capped at PREVIEW_ROW_CAP. */
  rows: PreviewRow[];
  /** True when `rows` was cut at PREVIEW_ROW_CAP. */
  rowsTruncated: boolean;
  toDeactivate: DeactivationRow[];
  toDeactivateTruncated: boolean;
}

export type PreviewResult = ImportFailure | PreviewSuccess;

export interface CommitReport {
  ok: true;
  batchId: string;
  fileName: string;
  mode: ImportMode;
  counts: CommitCounts;
  effect: ImportEffect;
  invalid: LineIssue[];
  warnings: LineIssue[];
}

export type CommitResult = ImportFailure | CommitReport;

export interface UndoResult {
  batchId: string;
  /** Rows the batch had inserted, now soft-deleted with reason "Importação desfeita". */
  removed: number;
  /** Rows the batch had updated or deactivated, now back to their previous values. */
  restored: number;
}


import type { CommitCounts, ImportFailure, ImportMode, LineIssue } from "@/lib/import/types";
import type { Candidate, FieldChange } from "./plan";
import type { RosterMapping } from "./load";

/**
 * The roster import's server API (issue 17), next to the list's
 * (lib/inadimplencia/import/types.ts) and through the same pipeline:
 *
 *   previewRoster(session, file, opts)  lib/people/roster/preview.ts   writes nothing
 *   commitRoster(session, file, opts)   lib/people/roster/commit.ts    one transaction, a batch of kind "alunos"
 *   undoRoster(session, batchId)        lib/people/roster/undo.ts
 *   history: lib/import/batches.ts with kind "alunos"
 *
 * All need the capability "roster" (admin, secretaria) and run under RLS.
 */

export interface RosterOptions {
  mode: ImportMode;
  mapping?: RosterMapping;
  /** Ambiguous rows a person decided: line → the student's id, or "new". */
  confirmations?: Record<number, string>;
}

export interface RosterCommitOptions extends RosterOptions {
  expectedSha256: string;
}

export interface PreviewStudent {
  id: string;
  nome: string;
  matricula: string | null;
  serie: string | null;
  turma: string | null;
}

export type RosterPreviewRow =
  | { kind: "new"; line: number; nome: string; matricula: string | null; serie: string | null; turma: string | null }
  | { kind: "updated"; line: number; student: PreviewStudent; changes: FieldChange[] }
  | { kind: "unchanged"; line: number; student: PreviewStudent }
  | { kind: "ambiguous"; line: number; nome: string; candidates: Candidate[] };

export interface RosterCounts {
  new: number;
  updated: number;
  unchanged: number;
  ambiguous: number;
  invalid: number;
  warnings: number;
  toDeactivate: number;
}

export interface RosterPreview {
  ok: true;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  mapping: RosterMapping;
  mode: ImportMode;
  counts: RosterCounts;
  /** Ambiguous first, then updated, new, unchanged; capped at ROSTER_ROW_CAP. */
  rows: RosterPreviewRow[];
  rowsTruncated: boolean;
  invalid: LineIssue[];
  warnings: LineIssue[];
  toDeactivate: PreviewStudent[];
  toDeactivateTruncated: boolean;
}

export type RosterPreviewResult = ImportFailure | RosterPreview;

export interface RosterReport {
  ok: true;
  batchId: string;
  fileName: string;
  mode: ImportMode;
  counts: CommitCounts & { ambiguous: number };
  invalid: LineIssue[];
  warnings: LineIssue[];
}

export type RosterCommitResult = ImportFailure | RosterReport;

export interface RosterUndoResult {
  batchId: string;
  /** Students the batch had created, removed again. */
  removed: number;
  /** Students the batch had updated or deactivated, back as they were. */
  restored: number;
}

export const ROSTER_ROW_CAP = 2000;

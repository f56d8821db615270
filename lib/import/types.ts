import type { IMPORT_KINDS } from "@/db/schema";
import type { FieldMapping } from "./contract";

/**
 * The types both imports share: the uploaded file, the batch record and its
 * history. Each import's own preview and report types live with it.
 */

/** Which import a batch belongs to: the delinquent list or the school's roster. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Add/update, or the full file replaces the current set ("substituir a lista", "roster completo"). */
export type ImportMode = "upsert" | "replace";

/** The uploaded file as received; sent again at commit (no server-side state between steps). */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

/** A row that could not be imported, or a row imported with a remark. `line` is the file's line number. */
export interface LineIssue {
  line: number;
  reason: string;
}

/** The file could not be read at all (encoding, size, missing columns...): nothing was done. */
export interface ImportFailure {
  ok: false;
  error: string;
  /** A required column was not found: show the manual mapping step with these headers. */
  needsMapping?: boolean;
  headers?: string[];
  /** With needsMapping: the columns the header names did reveal; the mapping step starts from them. */
  suggested?: FieldMapping;
}

export interface CommitCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  invalid: number;
  warnings: number;
}

export interface BatchSummary {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  mode: ImportMode;
  authorId: string | null;
  /** The author's name or e-mail, when readable. */
  authorName: string | null;
  createdAt: Date;
  counts: CommitCounts;
  undoneAt: Date | null;
  undoneBy: string | null;
}

export interface BatchDetail extends BatchSummary {
  /** The invalid rows and warnings stored with the batch (capped). */
  invalid: LineIssue[];
  warnings: LineIssue[];
  /** True when the stored issues were cut (the counts still tell the full number). */
  issuesTruncated: boolean;
}

export const BATCH_PAGE_SIZE = 20;

export interface BatchPage {
  items: BatchSummary[];
  page: number;
  pageCount: number;
  total: number;
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import type { CommitCounts, ImportKind, ImportMode, LineIssue } from "./types";

/** Invalid rows and warnings kept on the batch for its error CSV; the counts keep the full numbers. */
export const STORED_ISSUES_CAP = 10_000;

/** What identifies the committed file on its batch. */
export interface BatchFile {
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Opens the batch of a commit, in the commit's own transaction, and names it
 * in the transaction's settings: the audit trigger of each kind reads them,
 * and the roster's write policies only let a secretaria write students inside
 * the transaction that opened a roster batch.
 */
export async function openBatch(tx: Tx, kind: ImportKind, file: BatchFile, mode: ImportMode): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into import_batches (tenant_id, kind, file_name, size_bytes, sha256, mode, author)
      values ((select app_tenant()), ${kind}, ${file.fileName}, ${file.sizeBytes}, ${file.sha256}, ${mode}, (select app_user()))
      returning id`),
  );
  await tx.execute(sql`select set_config('app.import_batch', ${row.id}, true), set_config('app.audit_action', 'import', true)`);
  return row.id;
}

/** Records what the commit did, and the file's problems for the error CSV. */
export async function closeBatch(
  tx: Tx,
  batchId: string,
  counts: CommitCounts,
  issues: { invalid: readonly LineIssue[]; warnings: readonly LineIssue[] },
): Promise<void> {
  const stored = {
    invalid: issues.invalid.slice(0, STORED_ISSUES_CAP),
    warnings: issues.warnings.slice(0, STORED_ISSUES_CAP),
    truncated: issues.invalid.length > STORED_ISSUES_CAP || issues.warnings.length > STORED_ISSUES_CAP,
  };
  await tx.execute(sql`update import_batches set inserted = ${counts.inserted}, updated = ${counts.updated},
      unchanged = ${counts.unchanged}, deactivated = ${counts.deactivated}, invalid = ${counts.invalid},
      warnings = ${counts.warnings}, errors = ${JSON.stringify(stored)}::jsonb
    where tenant_id = (select app_tenant()) and id = ${batchId}`);
}

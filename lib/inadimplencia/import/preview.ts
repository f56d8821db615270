import "server-only";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { previewLoaded } from "./dry-run";
import { EMPTY_REPLACE, loadImportFile } from "./load-file";
import type { ImportFile, PreviewOptions, PreviewResult } from "./types";

/**
 * The dry run (SPEC §8.2): what the file would do to the list, and how each row
 * reconciles with the school's students. Only a temporary table is written,
 * dropped with the transaction; the list itself is not touched.
 */
export async function previewImport(session: TenantSession, file: ImportFile, opts: PreviewOptions): Promise<PreviewResult> {
  assertCan(session, "inadimplentes.write");
  const loaded = loadImportFile(file, opts.mapping);
  if (!loaded.ok) return loaded;
  if (opts.mode === "replace" && loaded.rows.length === 0) return { ok: false, error: EMPTY_REPLACE };
  return previewLoaded(session, loaded, opts.mode, opts.choices);
}


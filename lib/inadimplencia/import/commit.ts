import "server-only";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { NOT_THE_PREVIEWED_FILE } from "@/lib/import/file-facts";
import { observeImport } from "@/lib/ops/metrics";
import { commitLoaded } from "./commit-rows";
import { loadImportFile } from "./load-file";
import type { CommitOptions, CommitResult, ImportFile } from "./types";

/**
 * Writes the previewed file to the list (SPEC §8.4): one transaction, all or
 * nothing. The file is sent again rather than kept between requests (the
 * preview and the commit may reach different instances); its hash must be the
 * one the user saw previewed.
 */
export function commitImport(session: TenantSession, file: ImportFile, opts: CommitOptions): Promise<CommitResult> {
  return observeImport(() => commitChecked(session, file, opts));
}

async function commitChecked(session: TenantSession, file: ImportFile, opts: CommitOptions): Promise<CommitResult> {
  assertCan(session, "inadimplentes.write");
  const loaded = loadImportFile(file, opts.mapping);
  if (!loaded.ok) return loaded;
  if (loaded.sha256 !== opts.expectedSha256.trim().toLowerCase()) {
    throw new AppError("VALIDATION", NOT_THE_PREVIEWED_FILE);
  }
  return commitLoaded(session, loaded, opts.mode, opts.choices);
}


import "server-only";
import { cleanFileName, sha256Hex } from "@/lib/import/file-facts";
import { readImportFile } from "./read-file";
import type { ColumnMapping, ImportFailure, ImportFile, LoadedFile } from "./types";

/**
 * The uploaded bytes, read and validated by the database-free front half, plus
 * what identifies the file: its hash ties the commit to the file that was
 * previewed, since the two steps may reach different instances.
 */
export function loadImportFile(file: ImportFile, mapping?: ColumnMapping): LoadedFile | ImportFailure {
  const read = readImportFile(file.bytes, { mapping });
  if (!read.ok) {
    return read.needsMapping
      ? { ok: false, error: read.error, needsMapping: true, headers: read.headers, suggested: read.suggested as ColumnMapping }
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
    mapping: read.mapping as ColumnMapping,
    rows: read.rows,
    invalid: read.invalid,
    warnings: read.warnings,
    held: read.held,
  };
}

/**
 * Replace mode deactivates every active row absent from the file: a file whose
 * rows are all invalid would empty the whole list, unblocking every student.
 */
export const EMPTY_REPLACE =
  "Nenhuma linha válida no arquivo: no modo substituir, isso retiraria todos os alunos da lista. Corrija o arquivo ou use o modo adicionar/atualizar.";

export { sha256Hex };

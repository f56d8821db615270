import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { BodyTooLargeError, formatBytes, readFormDataLimited } from "@/lib/http/limited-form";
import { IMPORT_FIELDS } from "./import/contract";
import { importMaxBytes } from "./import/read-file";
import type { ColumnMapping, ImportFile, ImportMode } from "./import/types";

// The multipart envelope and the form's small fields around the file.
const ENVELOPE_BYTES = 64 * 1024;

const mappingSchema = z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0).max(999));

const fieldsSchema = z.object({
  mode: z.enum(["upsert", "replace"], { error: "Escolha o modo da importação." }),
  mapping: z.string().max(2000).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "Pré-visualize o arquivo antes de confirmar.").optional(),
});

export interface ImportUpload {
  file: ImportFile;
  mode: ImportMode;
  mapping?: ColumnMapping;
  sha256?: string;
}

/**
 * The upload form of the preview and commit routes: `file`, `mode`, optional
 * `mapping` (JSON: field → column index) and, for the commit, `sha256`.
 * Every malformed piece is a Portuguese validation error, never a 500.
 */
export async function readImportUpload(request: Request, needsSha: boolean): Promise<ImportUpload> {
  const max = importMaxBytes();
  const tooLarge = `O arquivo passa do limite de ${formatBytes(max)}. Divida a lista em arquivos menores.`;
  const form = await readFormDataLimited(request, max + ENVELOPE_BYTES, tooLarge);
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
    throw new AppError("VALIDATION", "Escolha um arquivo CSV.", { file: "Escolha um arquivo CSV." });
  }
  if (file.size > max) throw new BodyTooLargeError(tooLarge);
  const text = (k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
  const parsed = fieldsSchema.safeParse({ mode: text("mode"), mapping: text("mapping") || undefined, sha256: text("sha256") });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    throw new AppError("VALIDATION", parsed.error.issues[0].message, fields);
  }
  if (needsSha && !parsed.data.sha256) throw new AppError("VALIDATION", "Pré-visualize o arquivo antes de confirmar.");
  return {
    // The name is cleaned (NUL, control characters, length) by the import itself before it is stored.
    file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    mode: parsed.data.mode,
    mapping: parsed.data.mapping === undefined ? undefined : parseMapping(parsed.data.mapping),
    sha256: parsed.data.sha256,
  };
}

function parseMapping(raw: string): ColumnMapping {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = mappingSchema.safeParse(value);
  if (!parsed.success) throw new AppError("VALIDATION", "Mapeamento de colunas inválido: escolha as colunas de novo.");
  return parsed.data as ColumnMapping;
}

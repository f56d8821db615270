import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { BodyTooLargeError, formatBytes, readFormDataLimited } from "@/lib/http/limited-form";
import type { FieldMapping } from "./contract";
import { importMaxBytes } from "./read-file";
import type { ImportFile, ImportMode } from "./types";

// The multipart envelope and the form's small fields around the file.
const ENVELOPE_BYTES = 64 * 1024;

const fieldsSchema = z.object({
  mode: z.enum(["upsert", "replace"], { error: "Escolha o modo da importação." }),
  mapping: z.string().max(2000).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "Pré-visualize o arquivo antes de confirmar.").optional(),
  confirmations: z.string().max(200_000).optional(),
});

// A person's answers to the roster's ambiguous rows: line → student id, or "new".
const confirmationsSchema = z.record(
  z.string().regex(/^[1-9][0-9]{0,6}$/),
  z.union([z.literal("new"), z.uuid()]),
).refine((r) => Object.keys(r).length <= 10_000);

export interface ImportUpload<F extends string = string> {
  file: ImportFile;
  mode: ImportMode;
  mapping?: FieldMapping<F>;
  sha256?: string;
  confirmations?: Record<number, string>;
}

/**
 * The upload form of both imports' preview and commit routes: `file`, `mode`,
 * optional `mapping` (JSON: field → column index, of the import's `fields`),
 * optional `confirmations` (JSON: the roster's ambiguous rows, the list's students chosen in the preview) and, for the
 * commit, `sha256`.
 * Every malformed piece is a Portuguese validation error, never a 500.
 */
export async function readImportUpload<F extends string>(
  request: Request,
  needsSha: boolean,
  fields: readonly [F, ...F[]],
): Promise<ImportUpload<F>> {
  const max = importMaxBytes();
  const tooLarge = `O arquivo passa do limite de ${formatBytes(max)}. Divida a lista em arquivos menores.`;
  const form = await readFormDataLimited(request, max + ENVELOPE_BYTES, tooLarge);
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
    throw new AppError("VALIDATION", "Escolha um arquivo CSV.", { file: "Escolha um arquivo CSV." });
  }
  if (file.size > max) throw new BodyTooLargeError(tooLarge);
  const text = (k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
  const parsed = fieldsSchema.safeParse({
    mode: text("mode"), mapping: text("mapping") || undefined, sha256: text("sha256"),
    confirmations: text("confirmations") || undefined,
  });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    throw new AppError("VALIDATION", parsed.error.issues[0].message, fields);
  }
  if (needsSha && !parsed.data.sha256) throw new AppError("VALIDATION", "Pré-visualize o arquivo antes de confirmar.");
  return {
    // The name is cleaned (NUL, control characters, length) by the import itself before it is stored.
    file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    mode: parsed.data.mode,
    mapping: parsed.data.mapping === undefined ? undefined : parseMapping(parsed.data.mapping, fields),
    sha256: parsed.data.sha256,
    confirmations: parsed.data.confirmations === undefined ? undefined : parseConfirmations(parsed.data.confirmations),
  };
}

function parseMapping<F extends string>(raw: string, fields: readonly [F, ...F[]]): FieldMapping<F> {
  const parsed = z.partialRecord(z.enum(fields), z.number().int().min(0).max(999)).safeParse(json(raw));
  if (!parsed.success) throw new AppError("VALIDATION", "Mapeamento de colunas inválido: escolha as colunas de novo.");
  return parsed.data as FieldMapping<F>;
}

function parseConfirmations(raw: string): Record<number, string> {
  const parsed = confirmationsSchema.safeParse(json(raw));
  if (!parsed.success) throw new AppError("VALIDATION", "Confirmação de linhas ambíguas inválida: confira a prévia de novo.");
  return Object.fromEntries(Object.entries(parsed.data).map(([line, id]) => [Number(line), id]));
}

function json(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

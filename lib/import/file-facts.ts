import { createHash } from "node:crypto";

/** Longest file name kept on a batch; a browser may send anything. */
const MAX_NAME = 255;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

// NUL and other control characters would be refused by PostgreSQL or garble the history.
export function cleanFileName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_NAME);
  return cleaned || "arquivo.csv";
}

/** The file's mismatch with its preview: the commit must write what the user saw. */
export const NOT_THE_PREVIEWED_FILE =
  "O arquivo enviado não é o mesmo da pré-visualização. Envie o arquivo de novo e confira a prévia antes de confirmar.";

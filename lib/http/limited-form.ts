import { AppError } from "@/lib/errors";

/** The body is larger than the route accepts: answered with 413. */
export class BodyTooLargeError extends AppError {
  constructor(message: string) {
    super("VALIDATION", message);
    this.name = "BodyTooLargeError";
  }
}

/** "20 MB", "512 KB": the limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "KB"] : [bytes / (1024 * 1024), "MB"];
  return `${value.toLocaleString("pt-BR", { maximumFractionDigits: 1 })} ${unit}`;
}

/**
 * A multipart body read with a ceiling. A declared Content-Length over the limit
 * is refused before a byte is read; one under it is binding (Node's HTTP parser
 * never delivers more than it declares), so the body is parsed directly. Without
 * one (chunked uploads), the stream is counted and cancelled as soon as it passes
 * the limit, so a client can never make the server buffer more than `maxBytes`.
 */
export async function readFormDataLimited(request: Request, maxBytes: number, tooLarge: string): Promise<FormData> {
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) throw new BodyTooLargeError(tooLarge);
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data") || !request.body) {
    throw new AppError("VALIDATION", "Envio inválido: escolha um arquivo e tente de novo.");
  }
  const source = declared !== null ? request : new Response(await readCapped(request.body, maxBytes, tooLarge), { headers: { "content-type": type } });
  try {
    return await source.formData();
  } catch {
    throw new AppError("VALIDATION", "Envio inválido ou incompleto: tente enviar o arquivo de novo.");
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: string): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Blob(chunks as BlobPart[]);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(tooLarge);
    }
    chunks.push(value);
  }
}

/**
 * Next refuses a server action body over its `serverActions.bodySizeLimit`
 * (1 MB by default, which this app keeps: no action takes a file — uploads go
 * to the import's route handlers), but it answers that refusal with a 500 and
 * logs it as a server error. A declared Content-Length over the limit is
 * answered here instead, before Next reads a byte, with 413. A chunked body
 * (no Content-Length) still reaches Next and its own limit.
 */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export function actionBodyTooLarge(method: string, headers: Headers): Response | null {
  if (method !== "POST" || !headers.has("next-action")) return null;
  const declared = headers.get("content-length");
  if (declared === null || (/^\d+$/.test(declared) && Number(declared) <= ACTION_BODY_LIMIT)) return null;
  return new Response("Envio grande demais: o limite é de 1 MB.", {
    status: 413,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/** What the import routes answer: the JSON body (or a message) and the HTTP status. */
export interface UploadAnswer {
  status: number;
  body: unknown;
}

export type UploadPhase = { kind: "sending"; percent: number | null } | { kind: "processing" };

const SESSION_LOST = "Sua sessão expirou. Entre novamente e envie o arquivo de novo.";
const NETWORK = "Não foi possível enviar o arquivo. Verifique a conexão e tente de novo.";

/**
 * Posts the form with XMLHttpRequest rather than fetch: only XHR reports upload
 * progress, which a 20 MB file on a slow school connection needs. The promise
 * rejects only with a message ready to show.
 */
export function postWithProgress(url: string, form: FormData, onPhase: (p: UploadPhase) => void): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onPhase({ kind: "sending", percent: e.lengthComputable ? Math.round((e.loaded / e.total) * 100) : null });
    xhr.upload.onload = () => onPhase({ kind: "processing" });
    xhr.onerror = () => reject(new Error(NETWORK));
    xhr.onabort = () => reject(new Error(NETWORK));
    xhr.onload = () => {
      // The proxy sends visitors without a session to the login page: HTML, not JSON.
      if (xhr.responseURL && !xhr.responseURL.includes("/api/import/")) return reject(new Error(SESSION_LOST));
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) });
      } catch {
        reject(new Error(xhr.status === 413 ? "O arquivo é grande demais para o envio." : NETWORK));
      }
    };
    onPhase({ kind: "sending", percent: 0 });
    xhr.send(form);
  });
}

/** The message of an error answer ({ message }) or of a file the import could not read ({ ok: false, error }). */
export function answerMessage(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as { ok?: unknown; message?: unknown; error?: unknown };
    if (typeof b.message === "string") return b.message;
    if (b.ok === false && typeof b.error === "string") return b.error;
  }
  return "Não foi possível concluir agora. Tente novamente em instantes.";
}

import { AppError } from "@/lib/errors";

/**
 * Route handlers do not get the origin check Next gives server actions, so a
 * form on another site could post to them with the user's cookies (CSRF).
 * Browsers always send `Origin` on a POST made by fetch/XHR; it must name this
 * host. `Origin: null` (sandboxed frames, file: pages, some redirects) and a
 * missing header are refused too: our own page never sends either.
 * The host is taken as Next takes it for server actions: X-Forwarded-Host
 * (set by the proxy in front) or Host. A cross-site page cannot set either
 * header without a CORS preflight, which these routes never grant.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? "").split(",")[0].trim();
  let originHost: string | null = null;
  if (origin && origin !== "null") {
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
  }
  if (!originHost || !host || originHost.toLowerCase() !== host.toLowerCase()) {
    throw new AppError("FORBIDDEN", "Envio recusado: a requisição não veio desta aplicação. Recarregue a página e tente de novo.");
  }
}

import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { metricsText } from "./metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * /api/metrics for Prometheus: off (404) unless METRICS_TOKEN is set, and then
 * only with `Authorization: Bearer <token>`. The token is compared in constant
 * time (through fixed-length digests). The figures are this instance's alone
 * and hold no school's data, but they tell an outsider how the service is used.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const token = process.env.METRICS_TOKEN ?? "";
  if (!token) return Response.json({ error: "NOT_FOUND" }, { status: 404 });
  const sent = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  if (!sent || !timingSafeEqual(digest(sent), digest(token))) {
    return Response.json({ error: "UNAUTHENTICATED" }, { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const { body, contentType } = await metricsText();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

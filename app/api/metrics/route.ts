import { metricsResponse } from "@/lib/ops/metrics-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus's scrape of this instance (docs/deploy.md, "Metrics"). */
export function GET(request: Request): Promise<Response> {
  return metricsResponse(request);
}

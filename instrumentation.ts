// Tracing starts here when OTEL_EXPORTER_OTLP_ENDPOINT is set (lib/ops/tracing.ts),
// before the server handles any request, so Next's own spans are recorded.
//
// Server errors that no action caught (a page failing to render, a route
// handler throwing) reach the log here, the same way as the actions' own: ids,
// class and SQLSTATE, never the message — a database error's message quotes
// the SQL and its parameters. The request line of server.mjs carries the same id.
import type { Instrumentation } from "next";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) (await import("./lib/ops/tracing")).startTracing();
  // The retention purge (docs/privacidade.md) runs in every server process; the
  // database lets one run a day, whatever the number of instances.
  (await import("./lib/privacy/purge-timer")).startPurgeTimer();
  if (process.env.NODE_ENV !== "production") return;
  const { routeConsole } = await import("./lib/log-console");
  routeConsole();
  // An install that skipped patch-package (--ignore-scripts) would run the
  // PostgreSQL driver unguarded: refuse to start rather than serve that way.
  await (await import("./lib/ops/driver-guard")).refuseUnguardedDriver();
}

export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { errorFields, log } = await import("./lib/log");
  const sent = request.headers["x-request-id"];
  log.error({
    requestId: Array.isArray(sent) ? sent[0] : sent,
    method: request.method,
    path: request.path.split("?", 1)[0],
    routePath: context.routePath,
    routeType: context.routeType,
    digest: typeof err === "object" && err !== null && "digest" in err ? String(err.digest) : undefined,
    ...errorFields(err),
  }, "request failed");
};

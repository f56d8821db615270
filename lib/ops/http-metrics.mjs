// Request counts and durations per route pattern, for server.mjs (plain
// JavaScript: it runs before and outside Next's bundles). The pattern comes from
// the build's routes manifest — "/rematricula/[alunoId]", never the id itself —
// so the labels form a closed set whatever URLs clients send; anything the app
// does not route is "other". The histogram lands in prom-client's default
// registry, which /api/metrics serves (prom-client is one external package, so
// the server and the app's bundles share it).
import { readFileSync } from "node:fs";
import path from "node:path";
import client from "prom-client";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A matcher from a routes manifest ({ staticRoutes, dynamicRoutes } of `.next/routes-manifest.json`). */
export function routeMatcher(manifest) {
  const statics = new Set((manifest.staticRoutes ?? []).map((r) => r.page));
  const dynamics = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : "/_next/other";
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    if (statics.has(trimmed)) return trimmed;
    return dynamics.find((d) => d.regex.test(pathname))?.page ?? "other";
  };
}

function buildMatcher() {
  try {
    return routeMatcher(JSON.parse(readFileSync(path.join(process.cwd(), ".next", "routes-manifest.json"), "utf8")));
  } catch {
    // No build to read (should not happen under `npm start`): one label rather than none.
    return () => "other";
  }
}

let routeOf;

function histogram() {
  const name = "http_request_duration_seconds";
  return client.register.getSingleMetric(name) ?? new client.Histogram({
    name,
    help: "HTTP requests served by this instance, by method, route pattern and status, with their duration to the last byte.",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
}

/** Records one finished request (when METRICS_TOKEN is set): its method, path (without the query string), status and duration in seconds. */
export function observeRequest(method, pathname, status, seconds) {
  // Recorded only while /api/metrics can be read (lib/ops/metrics.ts says the same).
  if (!process.env.METRICS_TOKEN) return;
  routeOf ??= buildMatcher();
  histogram().observe({
    method: METHODS.has(method) ? method : "other",
    route: routeOf(pathname),
    status: String(status),
  }, seconds);
}

import { Counter, Histogram, register, type Metric } from "prom-client";
import { pgCode } from "./pg-error";

/**
 * A metric of the process's Prometheus registry (prom-client's default one,
 * served by /api/metrics). The modules that define metrics can be loaded more
 * than once in a process — Next bundles the instrumentation hook and the routes
 * separately — while prom-client itself is one external package, so a metric
 * is looked up by name before it is created. Labels never carry a tenant id or
 * anything personal: per-school figures live in the product's own pages.
 */
export function sharedMetric<M extends Metric>(name: string, create: (name: string) => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create(name);
}

/**
 * Whether this process records metrics: only when /api/metrics can be read
 * (METRICS_TOKEN set). Unset, nobody scrapes them and they cost nothing.
 */
export function metricsEnabled(): boolean {
  return !!process.env.METRICS_TOKEN;
}

export const dbErrors = sharedMetric("rematricula_db_errors_total", (name) => new Counter({
  name,
  help: "Failed database transactions by SQLSTATE class (first two characters: 23 integrity, 40 rollback, 57 operator intervention, 08 connection, RM the app's own refusals).",
  labelNames: ["class"] as const,
}));

export const poolWait = sharedMetric("rematricula_db_pool_wait_seconds", (name) => new Histogram({
  name,
  help: "From asking for a transaction until it started: the wait for a pooled connection plus BEGIN.",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
}));

export function observePoolWait(seconds: number): void {
  if (metricsEnabled()) poolWait.observe(seconds);
}

/** Counts a failed transaction by its SQLSTATE class; errors that did not come from the database are not counted. */
export function countDbError(e: unknown): void {
  if (!metricsEnabled()) return;
  const code = pgCode(e);
  if (code) dbErrors.inc({ class: code.slice(0, 2) });
}

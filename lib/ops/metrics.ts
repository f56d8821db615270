import { collectDefaultMetrics, Counter, Histogram, register } from "prom-client";
import { metricsEnabled, sharedMetric } from "@/db/metrics";
import { AppError } from "@/lib/errors";

// The operators' counters (SPEC §10, docs/deploy.md "Metrics"), recorded only
// while METRICS_TOKEN is set (metricsEnabled). Each instance
// counts its own requests and exposes them; Prometheus scrapes every instance
// and sums. Labels are closed sets chosen here — outcomes, SQLSTATE classes,
// route patterns — never a tenant, a user, a name or a value typed by someone.

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const checkDuration = sharedMetric("rematricula_check_duration_seconds", (name) => new Histogram({
  name, help: "Delinquency checks made by the app (detail page, finalize), one round trip each.", buckets: SECONDS,
}));
const checkedStudents = sharedMetric("rematricula_check_students_total", (name) => new Counter({
  name, help: "Students asked about by those checks.",
}));
const finalizes = sharedMetric("rematricula_finalize_total", (name) => new Counter({
  name,
  help: "Rematrícula finalize attempts by outcome: done, already_done, would_block (let through with enforcement off), blocked, refused, failed.",
  labelNames: ["outcome"] as const,
}));
const cancellations = sharedMetric("rematricula_cancel_total", (name) => new Counter({
  name, help: "Rematrícula cancellations by outcome: done, refused, failed.", labelNames: ["outcome"] as const,
}));
const imports = sharedMetric("rematricula_import_duration_seconds", (name) => new Histogram({
  name,
  help: "Delinquent-list import commits by outcome: committed, invalid_file, refused (changed file, another import running), failed.",
  labelNames: ["outcome"] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
}));
const importRows = sharedMetric("rematricula_import_rows", (name) => new Histogram({
  name, help: "Valid rows per committed import.", buckets: [10, 100, 1_000, 10_000, 50_000, 100_000, 200_000],
}));
const signIns = sharedMetric("rematricula_sign_in_total", (name) => new Counter({
  name,
  help: "Sign-in attempts by outcome: ok, failed (wrong e-mail or password), throttled (account or address locked).",
  labelNames: ["outcome"] as const,
}));

// Process figures (CPU, memory, event loop lag, heap) under their usual names, once per process.
// Three of prom-client's defaults are gauges named *_total, which Prometheus's
// own lint (promtool check metrics) refuses: they are left out.
const MISNAMED = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];
if (!register.getSingleMetric("process_cpu_seconds_total")) {
  collectDefaultMetrics();
  for (const name of MISNAMED) register.removeSingleMetric(name);
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Times one call of the check. */
export async function observeCheck<T>(students: number, work: () => Promise<T>): Promise<T> {
  if (!metricsEnabled()) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    checkDuration.observe(seconds(started));
    checkedStudents.inc(students);
  }
}

/** A domain refusal (wrong input, no permission, conflict) is the user's; anything else is a failure. */
const failure = (e: unknown) => (e instanceof AppError ? "refused" : "failed");

export async function observeFinalize<T extends { alreadyDone: boolean; wouldHaveBlocked: boolean }>(work: () => Promise<T>): Promise<T> {
  if (!metricsEnabled()) return work();
  try {
    const r = await work();
    finalizes.inc({ outcome: r.alreadyDone ? "already_done" : r.wouldHaveBlocked ? "would_block" : "done" });
    return r;
  } catch (e) {
    finalizes.inc({ outcome: e instanceof AppError && e.code === "INADIMPLENCIA_BLOQUEADA" ? "blocked" : failure(e) });
    throw e;
  }
}

export async function observeCancel<T>(work: () => Promise<T>): Promise<T> {
  if (!metricsEnabled()) return work();
  try {
    const r = await work();
    cancellations.inc({ outcome: "done" });
    return r;
  } catch (e) {
    cancellations.inc({ outcome: failure(e) });
    throw e;
  }
}

type ImportOutcome = { ok: boolean; counts?: { inserted: number; updated: number; unchanged: number } };

export async function observeImport<T extends ImportOutcome>(work: () => Promise<T>): Promise<T> {
  if (!metricsEnabled()) return work();
  const started = performance.now();
  try {
    const r = await work();
    imports.observe({ outcome: r.ok ? "committed" : "invalid_file" }, seconds(started));
    if (r.ok && r.counts) importRows.observe(r.counts.inserted + r.counts.updated + r.counts.unchanged);
    return r;
  } catch (e) {
    imports.observe({ outcome: failure(e) }, seconds(started));
    throw e;
  }
}

export function countSignIn(outcome: "ok" | "failed" | "throttled"): void {
  if (metricsEnabled()) signIns.inc({ outcome });
}

/** Everything this process counted, in Prometheus's text format. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await register.metrics(), contentType: register.contentType };
}

/**
 * Load benchmark (SPEC §12): /rematricula against a page of the same shape that
 * neither signs in nor reads the database, under 50 concurrent signed-in users,
 * on a production build against PostgreSQL — both pages in the same build and
 * the same run; then the same with two instances; then the delinquency check
 * through the app's transaction (scripts/bench/check.ts).
 *
 *   npx tsx scripts/bench/load.ts            # the demo's Pelicano: 300 students, 30 on the list
 *   npx tsx scripts/bench/load.ts --large    # Pelicano grown to 3 000 students, 100 000 on the list
 *
 * Besides latency it reports the CPU each page cost per request, in the
 * instances and in their database's backends (scripts/bench/server-cpu.ts).
 *
 * It copies the app to .bench-build/ (ignored by git), adds the reference page
 * there (scripts/bench/reference-page.ts) — it is no route of the product — and
 * builds that copy. It creates the database <BENCH_DB_PREFIX>_<timestamp> on the
 * server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * seeds the demo schools and 50 staff users of Colégio Pelicano into it (with
 * --large or BENCH_LARGE=1, also scripts/bench/large-school.ts), and drops it at
 * the end, also on failure.
 *
 * Knobs: BENCH_USERS (50), BENCH_SECONDS (20 per measured phase), BENCH_WARMUP_SECONDS (5),
 * BENCH_PORT (3125; the second instance uses +1), BENCH_DB_PREFIX (bench_load),
 * BENCH_SKIP_BUILD=1 (reuse .bench-build/.next), BENCH_CHECK=0 (skip the check benchmark),
 * BENCH_TELEMETRY=1 (metrics and tracing on in the servers: scripts/bench/telemetry.ts),
 * BENCH_LARGE=1 (the same as --large), BENCH_CPU_PROF=<dir> (each server runs under
 * `node --cpu-prof` and writes its .cpuprofile into <dir> when stopped).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { REFERENCE_PAGE, REFERENCE_ROUTE } from "./reference-page";
import { latencyStats, runLoad, type LoadResult } from "./load-runner";
import { cpuSnapshot, cpuSpent } from "./server-cpu";
import { startTelemetry, type Telemetry } from "./telemetry";
import { seedLargeSchool } from "./large-school";

const ROOT = process.cwd();
const BUILD_DIR = path.join(ROOT, ".bench-build");
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const USERS = Number(process.env.BENCH_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 3125);
const LARGE = process.argv.includes("--large") || process.env.BENCH_LARGE === "1";
const AUTH_SECRET = "bench-only-secret-not-for-production-use-0000";
const log = (m: string) => console.log(`[load] ${m}`);

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd, env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status})`);
}

/** A copy of the app with the reference page and the page let through the sign-in redirect. */
function prepareBuild(): void {
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(BUILD_DIR, ".next", "BUILD_ID"))) {
    // Not part of Next's build: the current one is always used.
    cpSync(path.join(ROOT, "server.mjs"), path.join(BUILD_DIR, "server.mjs"));
    return;
  }
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR);
  for (const entry of ["app", "db", "lib", "types", "proxy.ts", "instrumentation.ts", "server.mjs", "next.config.js", "package.json",
    "postcss.config.mjs", "tsconfig.json"]) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(BUILD_DIR, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(BUILD_DIR, "node_modules"));
  mkdirSync(path.join(BUILD_DIR, "app", "bench-reference"));
  writeFileSync(path.join(BUILD_DIR, "app", "bench-reference", "page.tsx"), REFERENCE_PAGE);
  const proxy = path.join(BUILD_DIR, "proxy.ts");
  writeFileSync(proxy, readFileSync(proxy, "utf8").replace(`["/login"]`, `["/login", "${REFERENCE_ROUTE}"]`));
  // Turbopack refuses a node_modules symlink that leaves its root; the root is the checkout.
  const config = path.join(BUILD_DIR, "next.config.js");
  writeFileSync(config, readFileSync(config, "utf8").replace("poweredByHeader: false,",
    `poweredByHeader: false,\n  turbopack: { root: ${JSON.stringify(ROOT)} },`));
  log("building the benchmark's copy of the app (.bench-build)");
  run("npx", ["next", "build"], BUILD_DIR, { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
}

// A profile is written only on a normal exit; SIGTERM would end the process before it.
const CPU_PROF = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`,
  "--import", "data:text/javascript,process.once('SIGTERM',()=>process.exit(0))"] : [];

function startServer(port: number, dbUrl: string, telemetry: Telemetry | null): Promise<ChildProcess> {
  const child = spawn("node", [...CPU_PROF, "server.mjs"], {
    cwd: BUILD_DIR,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: dbUrl,
      AUTH_SECRET, LOG_LEVEL: "warn", ...telemetry?.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 90_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`server on ${port} exited`));
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return resolve(child);
      if (Date.now() > deadline) return reject(new Error(`server on ${port} not healthy`));
      setTimeout(poll, 300);
    };
    void poll();
  });
}

async function seed(dbUrl: string): Promise<string[]> {
  run("npx", ["tsx", "scripts/seed/cli.ts"], ROOT, { ...process.env, DATABASE_URL: dbUrl, SEED_DEMO: "1" });
  const db = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ id: tenantId }] = await db`select id from tenants where slug = 'pelicano'`;
    if (LARGE) await seedLargeSchool(db, tenantId);
    const [{ password_hash: hash }] = await db`select password_hash from users where email = 'secretaria@pelicano.demo'`;
    const emails = Array.from({ length: USERS }, (_, i) => `bench-${i}@pelicano.demo`);
    const users = await db`insert into users (email, name, password_hash)
      select e, 'Secretaria ' || n, ${hash} from unnest(${emails}::text[]) with ordinality as u(e, n) returning id`;
    await db`insert into memberships (tenant_id, user_id, role)
      select ${tenantId}, u, 'secretaria' from unnest(${users.map((u) => u.id)}::uuid[]) as u`;
    await db`vacuum (analyze)`;
    return emails;
  } finally {
    await db.end();
  }
}

/** Signs a user in through Auth.js's credentials endpoint; returns the cookie header. */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (r: Response) => r.headers.getSetCookie().forEach((c) => {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  });
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email, password: "rematricula", csrfToken, callbackUrl: "/" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} failed (${res.status})`);
  return cookie();
}

function checkBench(): string {
  if (process.env.BENCH_CHECK === "0") return "(skipped: BENCH_CHECK=0)";
  log("delinquency check through the app's transaction: scripts/bench/check.ts");
  const r = spawnSync("npx", ["tsx", "scripts/bench/check.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: ADMIN_URL },
    encoding: "utf8", maxBuffer: 1 << 26 });
  const out = `${r.stdout}${r.stderr}`;
  process.stdout.write(out);
  return out.split("\n").filter((l) => /p95|target|app path|withTenant/i.test(l)).slice(-8).join("\n");
}

function row(label: string, r: LoadResult): string {
  const s = latencyStats(r.samples);
  return `| ${label} | ${r.samples.length} | ${(r.samples.length / r.seconds).toFixed(0)} | ${s.p50.toFixed(1)} | ` +
    `${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${r.errors} | ${(r.bytes / Math.max(1, r.samples.length) / 1024).toFixed(1)} |`;
}

async function main(): Promise<void> {
  prepareBuild();
  const dbName = `${process.env.BENCH_DB_PREFIX ?? "bench_load"}_${Date.now()}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const servers: ChildProcess[] = [];
  const lines: string[] = [];
  const telemetry = await startTelemetry();
  try {
    const emails = await seed(dbUrl.toString());
    const bases = [`http://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT + 1}`];
    servers.push(await startServer(PORT, dbUrl.toString(), telemetry));
    const stopScraping = telemetry?.scrape(bases) ?? (() => {});
    log(`signing in ${USERS} users`);
    const cookies: string[] = [];
    for (const e of emails) cookies.push(await signIn(bases[0], e));

    const measure = async (label: string, targets: string[]) => {
      const users = cookies.map((cookie, i) => ({ cookie, base: targets[i % targets.length] }));
      log(`${label}: warm-up ${WARMUP}s`);
      const loadBefore = os.loadavg()[0];
      await runLoad(users, "/rematricula", WARMUP);
      await runLoad(users, REFERENCE_ROUTE, WARMUP);
      // Alternating halves, so drift on a shared machine hits both pages alike.
      const app: LoadResult[] = [];
      const ref: LoadResult[] = [];
      const cpu = { app: { node: 0, db: 0 }, ref: { node: 0, db: 0 } };
      const pids = servers.map((s) => s.pid!);
      const measured = async (into: LoadResult[], spent: { node: number; db: number }, route: string) => {
        const before = await cpuSnapshot(pids, admin, dbName);
        into.push(await runLoad(users, route, SECONDS / 2));
        const after = await cpuSnapshot(pids, admin, dbName);
        if (before && after) {
          const d = cpuSpent(before, after);
          spent.node += d.node;
          spent.db += d.db;
        }
      };
      for (let round = 0; round < 2; round++) {
        await measured(app, cpu.app, "/rematricula");
        await measured(ref, cpu.ref, REFERENCE_ROUTE);
      }
      const merge = (rs: LoadResult[]): LoadResult => ({ samples: rs.flatMap((r) => r.samples),
        errors: rs.reduce((n, r) => n + r.errors, 0), bytes: rs.reduce((n, r) => n + r.bytes, 0),
        seconds: rs.reduce((n, r) => n + r.seconds, 0), errorKinds: rs.flatMap((r) => r.errorKinds) });
      const a = merge(app);
      const r = merge(ref);
      const sa = latencyStats(a.samples);
      const sr = latencyStats(r.samples);
      const perRequest = (c: { node: number; db: number }, n: number) =>
        `${((c.node + c.db) / Math.max(1, n)).toFixed(1)} ms (Node ${(c.node / Math.max(1, n)).toFixed(1)}, PostgreSQL ${(c.db / Math.max(1, n)).toFixed(1)})`;
      lines.push(`#### ${label}`, "", "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | KiB of HTML |",
        "|---|---|---|---|---|---|---|---|", row("`/rematricula`", a), row("reference (no sign-in, no database)", r), "",
        `Ratio /rematricula ÷ reference: **p50 ${(sa.p50 / sr.p50).toFixed(2)}**, **p95 ${(sa.p95 / sr.p95).toFixed(2)}**, ` +
        `p99 ${(sa.p99 / sr.p99).toFixed(2)} (target ≤ 1.3 at p50 and p95, 0 errors).` +
        (a.errorKinds.length ? ` Errors of /rematricula: ${[...new Set(a.errorKinds)].slice(0, 5).join(", ")}.` : "") +
        (r.errorKinds.length ? ` Errors of the reference: ${[...new Set(r.errorKinds)].slice(0, 5).join(", ")}.` : ""),
        `Server CPU per request (the instances and their database backends): /rematricula ${perRequest(cpu.app, a.samples.length)}, ` +
        `reference ${perRequest(cpu.ref, r.samples.length)}; ratio ${((cpu.app.node + cpu.app.db) / Math.max(1, a.samples.length) /
          ((cpu.ref.node + cpu.ref.db) / Math.max(1, r.samples.length))).toFixed(2)}.`,
        `Load average (1 min) ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`, "");
      log(lines.slice(-9).join("\n"));
    };

    await measure(`One instance, ${USERS} concurrent users`, [bases[0]]);
    servers.push(await startServer(PORT + 1, dbUrl.toString(), telemetry));
    await measure(`Two instances (users split between them), ${USERS} concurrent users`, bases);
    stopScraping();
    if (telemetry) lines.push(telemetry.describe(), "");
  } finally {
    await telemetry?.close();
    const exited = servers.map((s) => s.exitCode !== null ? null : new Promise((done) => s.once("exit", done)));
    for (const s of servers) s.kill("SIGTERM");
    await Promise.all(exited); // a profiled server is still writing its profile
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  const check = checkBench();
  const cpu = os.cpus();
  console.log(["", "## Results", "", `School: ${LARGE ? "large (3 000 students, 100 000 active list rows)" :
    "demo (300 students, 30 list rows)"}.`, "", `Machine: ${cpu.length} × ${cpu[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}.`, "", ...lines,
    "#### Delinquency check (scripts/bench/check.ts)", "", "```", check, "```"].join("\n"));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});

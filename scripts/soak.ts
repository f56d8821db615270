/**
 * Soak: mixed traffic from several schools at once — searches, checks,
 * finalizations, imports, admin edits, config saves — through the domain
 * functions, against a fresh PostgreSQL database; then nothing may be lost or
 * duplicated and no connection may be left idle in transaction.
 *
 *   npx tsx --conditions=react-server scripts/soak.ts --minutes 10
 *   npx tsx --conditions=react-server scripts/soak.ts --seconds 75 --out .ci/out/soak.json   (CI)
 *
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres),
 * used as the admin connection: the run creates soak_<timestamp>, drops it at the end.
 * Knobs: --schools (3), --workers per school (3). Exit code 1 when a check fails.
 * --http <base URL> adds signed-in browsing with hostile query strings against a
 * running server (as admin@pelicano.demo of the demo seed; SOAK_HTTP_EMAIL and
 * SOAK_HTTP_PASSWORD override): any 5xx or leaked internals is a failure.
 */
import { writeFileSync } from "node:fs";
import postgres from "postgres";
import { openPostgres, useDbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { httpWorker, signInHttp, type HttpTally } from "./soak/http";
import { countsOf, makeSoakSchool, type Counts } from "./soak/setup";
import { classify, MIX, newLedger, OPS, type Ledger, type SoakSchool } from "./soak/workload";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? process.argv[outIndex + 1] : null;
const httpIndex = process.argv.indexOf("--http");
const httpBase = httpIndex > 0 ? process.argv[httpIndex + 1].replace(/\/$/, "") : null;
const seconds = arg("seconds", arg("minutes", 1) * 60);
const SCHOOLS = arg("schools", 3);
const WORKERS = arg("workers", 3);

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `soak_${Date.now()}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const owner = postgres(url.toString(), { max: 2, onnotice: () => {} });
const app = openPostgres(url.toString(), 10);

const failures: string[] = [];
const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
let requests = 0;
let idleSeen = 0;
const http: HttpTally = { requests: 0, failures: [], statuses: {} };

try {
  await migrateDb(app);
  useDbHandle(app);
  const schools: SoakSchool[] = [];
  for (let i = 0; i < SCHOOLS; i++) schools.push(await makeSoakSchool(owner, `soak${i}`));
  const baseline = new Map<string, Counts>();
  for (const s of schools) baseline.set(s.slug, await countsOf(owner, s.finance.tenantId));
  const ledgers = new Map<string, Ledger>(schools.map((s) => [s.slug, newLedger()]));

  const cookie = httpBase
    ? await signInHttp(httpBase, process.env.SOAK_HTTP_EMAIL ?? "admin@pelicano.demo", process.env.SOAK_HTTP_PASSWORD ?? "rematricula")
    : null;
  const deadline = Date.now() + seconds * 1000;
  let serial = 1;
  const total = MIX.reduce((a, [, w]) => a + w, 0);
  const choose = () => {
    let r = Math.random() * total;
    for (const [op, w] of MIX) if ((r -= w) < 0) return op;
    return MIX[0][0];
  };
  const worker = async (s: SoakSchool) => {
    const ledger = ledgers.get(s.slug)!;
    while (Date.now() < deadline) {
      const op = choose();
      requests++;
      const outcome = await OPS[op](s, ledger, serial++).catch((e: unknown) => {
        const kind = classify(op, e);
        if (kind === "unexpected" && failures.length < 20) failures.push(`${op}: ${String(e).slice(0, 300)}`);
        return kind;
      });
      count(`${op}:${outcome}`);
    }
  };
  // Every second: any transaction idle for more than a second is a leak in the making.
  const sampler = (async () => {
    while (Date.now() < deadline) {
      const [r] = await owner`select count(*)::int as n from pg_stat_activity where datname = ${name}
        and state like 'idle in transaction%' and now() - state_change > interval '1 second'`;
      idleSeen += r.n;
      await new Promise((res) => setTimeout(res, 1000));
    }
  })();
  const browsing = cookie ? [httpWorker(httpBase!, cookie, deadline, http), httpWorker(httpBase!, cookie, deadline, http)] : [];
  await Promise.all([...schools.flatMap((s) => Array.from({ length: WORKERS }, () => worker(s))), sampler, ...browsing]);
  failures.push(...http.failures.slice(0, 20).map((f) => `http: ${f}`));

  const [idle] = await owner`select count(*)::int as n from pg_stat_activity where datname = ${name}
    and state like 'idle in transaction%'`;
  if (idle.n + idleSeen > 0) failures.push(`idle in transaction: ${idle.n} at the end, ${idleSeen} seen during the run`);

  const verified: Record<string, unknown> = {};
  for (const s of schools) {
    const l = ledgers.get(s.slug)!;
    const base = baseline.get(s.slug)!;
    const now = await countsOf(owner, s.finance.tenantId);
    const expected: Counts = {
      listRows: base.listRows + l.listRows, listAudit: base.listAudit + l.listAudit, batches: base.batches + l.batches,
      rematriculas: base.rematriculas + l.rematriculas.size, blockedEvents: base.blockedEvents + l.blockedAttempts,
      configAudit: base.configAudit + l.configAudit,
    };
    for (const k of Object.keys(expected) as (keyof Counts)[]) {
      if (now[k] !== expected[k]) failures.push(`${s.slug} ${k}: ledger says ${expected[k]}, database has ${now[k]}`);
    }
    verified[s.slug] = now;
  }

  const unexpected = [...tally].filter(([k]) => k.endsWith(":unexpected")).reduce((a, [, n]) => a + n, 0);
  const report = { seconds, schools: SCHOOLS, workers: WORKERS, requests, http: httpBase ? { requests: http.requests, statuses: http.statuses } : null, outcomes: Object.fromEntries([...tally].sort()), unexpected, idleSeen, verified, failures };
  console.log(JSON.stringify(report, null, 2));
  if (out) {
    // The shape .ci/summary.mjs adds up: one "test" per check.
    const checks = 2 + schools.length + (httpBase ? 1 : 0);
    writeFileSync(out, JSON.stringify({ ...report, numPassedTests: failures.length ? 0 : checks, numFailedTests: failures.length ? failures.length : 0 }));
  }
  console.log(failures.length ? `SOAK FAILED: ${failures.length} problem(s)` : `soak ok: ${requests} operations, nothing lost or duplicated`);
  process.exitCode = failures.length ? 1 : 0;
} finally {
  await app.close().catch(() => {});
  await owner.end();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

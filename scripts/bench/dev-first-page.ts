/**
 * The README's quick start, timed: `npm run dev` from a fresh state to the
 * login page drawn in a browser, then the first visit of each screen, signed
 * in as the demo user of each role, and a second visit of each as the warm
 * reference. Then the developer's second `npm run dev`: `.next` and the
 * database kept.
 *
 *   npx tsx scripts/bench/dev-first-page.ts
 *
 * Fresh state: `.next` is removed (the dev server's compiled output and
 * Turbopack's cache) and the embedded database lives in its own directory
 * (BENCH_PGLITE_DIR, default .data/bench-dev-first), removed before the run and
 * after it, so the first start pays for migrating and seeding and a developer's
 * .data/pglite is left alone. Knobs: BENCH_PORT (3160), BENCH_CHROMIUM
 * (/usr/bin/chromium). The dev server's log goes to BENCH_LOG
 * (/tmp/dev-first-page.log). Everything started here is stopped on the way out,
 * failure included.
 *
 * Besides wall time, each step reports the CPU seconds the dev server's process
 * group spent on it (Turbopack's compile, Node, PGlite): on a machine shared
 * with other work the wall time follows the load, the CPU time much less.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import type { Role } from "../../db/schema";

const ROOT = process.cwd();
const PORT = Number(process.env.BENCH_PORT ?? 3160);
// localhost, as the README says: Next refuses its dev resources (HMR) to other hosts.
const BASE = `http://localhost:${PORT}`;
const PGLITE_DIR = path.resolve(process.env.BENCH_PGLITE_DIR ?? ".data/bench-dev-first");
const LOG = process.env.BENCH_LOG ?? "/tmp/dev-first-page.log";
const PASSWORD = "rematricula";
const log = (m: string) => console.log(`[dev-first-page] ${m}`);

/**
 * Each screen, visited by the first demo role (in the order of ROLES) that
 * opens it; a path with a placeholder is resolved from the links of the screen
 * named by `from`.
 */
interface Screen { path: string; role: Role; from?: string; link?: RegExp }
const ROLES: { role: Role; email: string }[] = [
  { role: "secretaria", email: "secretaria@pelicano.demo" },
  { role: "financeiro", email: "financeiro@pelicano.demo" },
  { role: "coordenador", email: "coordenacao@pelicano.demo" },
  { role: "admin", email: "admin@pelicano.demo" },
  { role: "superadmin", email: "root@demo.demo" },
];
const SCREENS: Screen[] = [
  { path: "/rematricula", role: "secretaria" },
  { path: "/rematricula/[alunoId]", role: "secretaria", from: "/rematricula", link: /^\/rematricula\/[0-9a-f-]{36}$/ },
  { path: "/rematricula/progresso", role: "secretaria" },
  { path: "/admin/alunos/importar", role: "secretaria" },
  { path: "/admin/alunos/importacoes", role: "secretaria" },
  { path: "/conta/senha", role: "secretaria" },
  { path: "/conta/convites", role: "secretaria" },
  { path: "/admin/inadimplentes", role: "financeiro" },
  { path: "/admin/inadimplentes/[id]", role: "financeiro", from: "/admin/inadimplentes", link: /^\/admin\/inadimplentes\/[0-9a-f-]{36}$/ },
  { path: "/admin/inadimplentes/novo", role: "financeiro" },
  { path: "/admin/inadimplentes/importar", role: "financeiro" },
  { path: "/admin/inadimplentes/importacoes", role: "financeiro" },
  { path: "/admin/inadimplentes/conciliacao", role: "financeiro" },
  { path: "/admin/estatisticas", role: "financeiro" },
  { path: "/admin/liberacoes", role: "financeiro" },
  { path: "/sem-acesso", role: "financeiro" },
  { path: "/admin/usuarios", role: "admin" },
  { path: "/admin/alunos", role: "admin" },
  { path: "/admin/alunos/[alunoId]", role: "admin", from: "/admin/alunos", link: /^\/admin\/alunos\/[0-9a-f-]{36}$/ },
  { path: "/admin/ano-letivo", role: "admin" },
  { path: "/admin/configuracoes", role: "admin" },
  { path: "/admin/exportacoes", role: "admin" },
  { path: "/admin/privacidade", role: "admin" },
  { path: "/admin/escolas", role: "superadmin" },
];

/** One `npm run dev`, its process group, and when each of its log lines came. */
class DevServer {
  readonly child: ChildProcess;
  readonly started = performance.now();
  private lines: { at: number; text: string }[] = [];
  private waiters: { re: RegExp; resolve: (at: number) => void }[] = [];

  constructor(label: string) {
    const out = createWriteStream(LOG, { flags: "a" });
    out.write(`\n===== ${label} =====\n`);
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(PORT), PGLITE_DIR, NEXT_TELEMETRY_DISABLED: "1",
      // The embedded database, and a session secret that leaves .env.local alone.
      AUTH_SECRET: "bench-only-secret-not-for-production-use-0000" };
    delete env.DATABASE_URL;
    delete env.NODE_ENV;
    // Its own process group: `npm`, tsx and `next dev` (with its workers) stop together.
    this.child = spawn("npm", ["run", "dev"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const onData = (chunk: Buffer) => {
      out.write(chunk);
      for (const text of chunk.toString().split("\n")) {
        const at = performance.now() - this.started;
        this.lines.push({ at, text });
        this.waiters = this.waiters.filter((w) => (w.re.test(text) ? (w.resolve(at), false) : true));
      }
    };
    this.child.stdout!.on("data", onData);
    this.child.stderr!.on("data", onData);
  }

  /** Milliseconds from the start to the first log line matching `re`. */
  waitFor(re: RegExp, timeoutMs = 300_000): Promise<number> {
    const seen = this.lines.find((l) => re.test(l.text));
    if (seen) return Promise.resolve(seen.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line ${re} within ${timeoutMs / 1000} s (see ${LOG})`)), timeoutMs);
      this.child.once("exit", (code) => reject(new Error(`npm run dev exited (${code}) before ${re} (see ${LOG})`)));
      this.waiters.push({ re, resolve: (at) => { clearTimeout(timer); resolve(at); } });
    });
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  /**
   * CPU milliseconds spent so far by the group's processes and the children they
   * have reaped (tsx running prepare-dev, for one).
   */
  cpu(): number {
    let ticks = 0;
    for (const pid of this.members()) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        // Fields after the command name (which may hold spaces); state is field 3.
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
      } catch { /* exited meanwhile */ }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  /** When `next dev` itself started, i.e. prepare-dev (migrating, seeding) was done. */
  nextStarted(): Promise<{ wall: number; cpu: number }> {
    return new Promise((resolve) => {
      const poll = setInterval(() => {
        const next = this.members().some((pid) => {
          // node …/next dev (not the shell running `tsx … && next dev`)
          try { return /\/next$/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] ?? ""); }
          catch { return false; }
        });
        if (next) { clearInterval(poll); resolve({ wall: this.elapsed(), cpu: this.cpu() }); }
      }, 50);
      this.child.once("exit", () => clearInterval(poll));
    });
  }

  /** The group's live processes. */
  private members(): string[] {
    return readdirSync("/proc").filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        return /^\d+$/.test(d) && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === this.child.pid;
      } catch {
        return false;
      }
    });
  }

  /**
   * Ctrl-C to the whole group, as in a terminal, and a wait for every process to
   * finish: Turbopack writes its cache for the next start on the way out.
   * SIGKILL only for what is still there after 60 s.
   */
  async stop(): Promise<void> {
    const signal = (s: NodeJS.Signals) => { try { process.kill(-this.child.pid!, s); } catch { /* already gone */ } };
    signal("SIGINT");
    const deadline = Date.now() + 60_000;
    while (this.members().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    signal("SIGKILL");
  }
}

let server: DevServer | null = null;
let browser: Browser | null = null;
async function cleanUp(): Promise<void> {
  await browser?.close().catch(() => {});
  await server?.stop();
}
for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => void cleanUp().finally(() => process.exit(130)));

/** Signs in through Auth.js's credentials endpoint; returns the cookies for the browser. */
async function signIn(email: string): Promise<{ name: string; value: string; url: string }[]> {
  const jar = new Map<string, string>();
  const keep = (r: Response) => r.headers.getSetCookie().forEach((c) => {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  });
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} failed (${res.status})`);
  return [...jar].map(([name, value]) => ({ name, value, url: BASE }));
}

/** Wall time and the dev server's CPU time, in milliseconds. */
interface Cost { wall: number; cpu: number }
interface Visit { first: Cost; second: number; note?: string }
interface StartResult {
  /** `npm run dev` → next dev's banner: prepare-dev (migrating, seeding) and the CLIs' own start. */
  prepared: Cost;
  ready: Cost;
  loginHtml: Cost;
  loginDrawn: Cost;
  loginLoaded: Cost;
  signIns: Map<Role, Cost>;
  visits: Map<string, Visit>;
}

async function timeStart(label: string, secondVisits: boolean): Promise<StartResult> {
  log(`${label}: npm run dev on port ${PORT}`);
  const dev = (server = new DevServer(label));
  const since = (): Cost => ({ wall: dev.elapsed(), cpu: dev.cpu() });
  const at = async (re: RegExp): Promise<Cost> => ({ wall: await dev.waitFor(re), cpu: dev.cpu() });
  const prepared = await dev.nextStarted();
  const ready = await at(/Ready in/);
  const res = await fetch(`${BASE}/login`);
  await res.text();
  if (res.status !== 200) throw new Error(`GET /login answered ${res.status}`);
  const loginHtml = since();

  browser ??= await chromium.launch({ executablePath: process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium" });
  const anon = await browser.newContext();
  const page = await anon.newPage();
  void page.goto(`${BASE}/login`, { waitUntil: "load", timeout: 300_000 }).catch(() => {});
  await page.locator("form #email").waitFor({ state: "visible", timeout: 300_000 });
  const loginDrawn = since();
  await page.waitForLoadState("load", { timeout: 300_000 });
  const loginLoaded = since();
  await anon.close();

  // Both clocks for one piece of work.
  const cost = async (work: () => Promise<unknown>): Promise<Cost> => {
    const t = performance.now(), c = dev.cpu();
    await work();
    return { wall: performance.now() - t, cpu: dev.cpu() - c };
  };
  const signIns = new Map<Role, Cost>();
  const visits = new Map<string, Visit>();
  for (const { role, email } of ROLES) {
    let cookies: Awaited<ReturnType<typeof signIn>> = [];
    signIns.set(role, await cost(async () => { cookies = await signIn(email); }));
    const context: BrowserContext = await browser.newContext();
    await context.addCookies(cookies);
    const tab = await context.newPage();
    const open = (url: string) => tab.goto(`${BASE}${url}`, { waitUntil: "load", timeout: 300_000 });
    for (const screen of SCREENS.filter((s) => s.role === role)) {
      let url = screen.path;
      if (screen.from) {
        await open(screen.from);
        const hrefs = await tab.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
        const href = hrefs.find((h) => screen.link!.test(h));
        if (!href) {
          visits.set(screen.path, { first: { wall: NaN, cpu: NaN }, second: NaN, note: `no link on ${screen.from}` });
          continue;
        }
        url = href;
      }
      const first = await cost(() => open(url));
      const landed = new URL(tab.url()).pathname;
      const second = secondVisits ? (await cost(() => open(url))).wall : NaN;
      visits.set(screen.path, { first, second, note: landed === url ? undefined : `landed on ${landed}` });
    }
    await context.close();
  }
  return { prepared, ready, loginHtml, loginDrawn, loginLoaded, signIns, visits };
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "—");
const both = (c: Cost) => `${s(c.wall)} (cpu ${s(c.cpu)})`;

function report(fresh: StartResult, kept: StartResult): void {
  const rows: [string, Cost, Cost][] = [
    ["`next dev` starts (prepare-dev done)", fresh.prepared, kept.prepared],
    ["Ready", fresh.ready, kept.ready],
    ["GET /login: HTML received", fresh.loginHtml, kept.loginHtml],
    ["login form drawn (browser)", fresh.loginDrawn, kept.loginDrawn],
    ["login page loaded (browser)", fresh.loginLoaded, kept.loginLoaded],
  ];
  console.log("\n| from `npm run dev` to | fresh (no .next, no database) | second start (.next and database kept) |");
  console.log("|---|---|---|");
  for (const [label, f, k] of rows) console.log(`| ${label} | ${both(f)} | ${both(k)} |`);

  console.log("\n| sign-in (credentials POST) | fresh | second start |\n|---|---|---|");
  for (const { role } of ROLES) console.log(`| ${role} | ${both(fresh.signIns.get(role)!)} | ${both(kept.signIns.get(role)!)} |`);

  console.log("\n| screen | role | fresh: first visit | fresh: second visit (warm) | second start: first visit |");
  console.log("|---|---|---|---|---|");
  const sum: Record<"first" | "firstCpu" | "warm" | "kept" | "keptCpu", number> = { first: 0, firstCpu: 0, warm: 0, kept: 0, keptCpu: 0 };
  for (const screen of SCREENS) {
    const f = fresh.visits.get(screen.path)!;
    const k = kept.visits.get(screen.path)!;
    if (Number.isFinite(f.first.wall)) {
      sum.first += f.first.wall; sum.firstCpu += f.first.cpu; sum.warm += f.second;
      sum.kept += k.first.wall; sum.keptCpu += k.first.cpu;
    }
    const note = f.note ? ` (${f.note})` : "";
    console.log(`| ${screen.path}${note} | ${screen.role} | ${both(f.first)} | ${s(f.second)} | ${both(k.first)} |`);
  }
  console.log(`| **all screens** | | **${both({ wall: sum.first, cpu: sum.firstCpu })}** | **${s(sum.warm)}** | `
    + `**${both({ wall: sum.kept, cpu: sum.keptCpu })}** |`);
}

async function main(): Promise<void> {
  rmSync(path.join(ROOT, ".next"), { recursive: true, force: true });
  rmSync(PGLITE_DIR, { recursive: true, force: true });
  rmSync(LOG, { force: true });
  const fresh = await timeStart("fresh start", true);
  await server!.stop();
  const kept = await timeStart("second start, .next and database kept", false);
  await server!.stop();
  report(fresh, kept);
  log(`dev server log: ${LOG}`);
}

try {
  await main();
} finally {
  await cleanUp();
  rmSync(PGLITE_DIR, { recursive: true, force: true });
}

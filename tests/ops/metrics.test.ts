import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemo } from "@/scripts/seed/demo";
import { verifyCredentials } from "@/lib/auth/credentials";
import { THROTTLE } from "@/lib/auth/throttle";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { sha256Hex } from "@/lib/inadimplencia/import/load-file";
import { observeRequest, routeMatcher } from "@/lib/ops/http-metrics.mjs";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import type { TenantSession } from "@/lib/auth/permissions";
import type { Role } from "@/db/schema";
import { GET } from "@/app/api/metrics/route";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";

const run = promisify(execFile);
const TOKEN = "token-de-teste-das-metricas";
const PROMTOOL = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find((p) => existsSync(p));
// In CI promtool is installed by .ci/run: its absence there is a failure, not a skip.
const promtoolSkip = !PROMTOOL && !process.env.CI ? "promtool is not installed (apt-get install prometheus; .ci/run installs it)" : null;

let t: TestDb;
let pelicano: string;

async function scrape(authorization?: string): Promise<Response> {
  return GET(new Request("http://escola.test/api/metrics", { headers: authorization ? { authorization } : {} }));
}

async function metrics(): Promise<string> {
  const res = await scrape(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** A sample's value in the text format (0 when the series has not been seen yet). */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function staff(email: string): Promise<TenantSession> {
  const [u] = await q<{ id: string; role: Role }>(t.db, sql`select u.id, m.role from users u
    join memberships m on m.user_id = u.id where u.email = ${email} and m.tenant_id = ${pelicano}`);
  return { tenantId: pelicano, userId: u.id, roles: [u.role] };
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  [{ id: pelicano }] = await q<{ id: string }>(t.db, sql`select id from tenants where slug = 'pelicano'`);
  process.env.METRICS_TOKEN = TOKEN;
});
afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await t?.close();
});

describe("/api/metrics", () => {
  test("off without METRICS_TOKEN (nothing served, nothing recorded); with it, only the right bearer token reads it", async () => {
    const before = sample(await metrics(), 'rematricula_sign_in_total{outcome="failed"}');
    delete process.env.METRICS_TOKEN;
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    expect(await verifyCredentials("ninguem@pelicano.demo", "x", "10.0.0.9")).toBeNull();
    process.env.METRICS_TOKEN = TOKEN;
    expect(sample(await metrics(), 'rematricula_sign_in_total{outcome="failed"}')).toBe(before);
    for (const wrong of [undefined, "Bearer ", "Bearer outro-token", `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN}x`]) {
      const res = await scrape(wrong);
      expect(res.status, String(wrong)).toBe(401);
      expect(await res.text()).not.toContain("rematricula_");
    }
    const ok = await scrape(`bearer  ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  test("the counters move after a sign-in, a blocked finalize and an import, and name no school, person or student", async () => {
    const before = await metrics();

    expect(await verifyCredentials("financeiro@pelicano.demo", "rematricula", "10.0.0.1")).not.toBeNull();
    expect(await verifyCredentials("financeiro@pelicano.demo", "senha-errada", "10.0.0.1")).toBeNull();
    for (let i = 0; i <= THROTTLE.maxPerAccount; i++) await verifyCredentials("secretaria@aurora.demo", "errada", "10.0.0.2").catch(() => null);

    const sec = await staff("secretaria@pelicano.demo");
    const [devedor] = await q<{ id: string }>(t.db, sql`select a.id from alunos a join inadimplentes i
      on i.tenant_id = a.tenant_id and i.student_name_norm = a.nome_norm and i.is_active
      where a.tenant_id = ${pelicano} limit 1`);
    await expect(finalizeRematricula(sec, devedor.id)).rejects.toMatchObject({ code: "INADIMPLENCIA_BLOQUEADA" });

    const fin = await staff("financeiro@pelicano.demo");
    const bytes = new TextEncoder().encode("student_name;meses_inadim\r\nNome Novo da Lista;2\r\nOutro Nome Novo;4\r\n");
    const report = await commitImport(fin, { name: "lista.csv", bytes }, { mode: "upsert", expectedSha256: sha256Hex(bytes) });
    expect(report.ok).toBe(true);
    await expect(commitImport(fin, { name: "lista.csv", bytes }, { mode: "upsert", expectedSha256: "0".repeat(64) }))
      .rejects.toMatchObject({ code: "VALIDATION" });

    const after = await metrics();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('rematricula_sign_in_total{outcome="ok"}')).toBe(1);
    expect(moved('rematricula_sign_in_total{outcome="failed"}')).toBe(1 + THROTTLE.maxPerAccount);
    expect(moved('rematricula_sign_in_total{outcome="throttled"}')).toBe(1);
    expect(moved('rematricula_finalize_total{outcome="blocked"}')).toBe(1);
    expect(moved("rematricula_check_duration_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(moved('rematricula_import_duration_seconds_count{outcome="committed"}')).toBe(1);
    expect(moved('rematricula_import_duration_seconds_count{outcome="refused"}')).toBe(1);
    expect(moved("rematricula_import_rows_sum")).toBe(2);
    expect(moved("rematricula_db_pool_wait_seconds_count")).toBeGreaterThanOrEqual(5);

    // Nothing personal and no school: every demo e-mail, person's and student's
    // name (as typed and normalised), list name, school name, slug and id.
    const people = await q<{ v: string }>(t.db, sql`
      select email as v from users union select name from users union select nome from alunos
      union select nome_norm from alunos union select responsavel_nome from alunos where responsavel_nome is not null
      union select student_name from inadimplentes union select id::text from tenants union select name from tenants
      union select slug from tenants union select id::text from users`);
    expect(people.length).toBeGreaterThan(400);
    const lower = after.toLowerCase();
    const leaked = people.map((p) => p.v.trim()).filter((v) => v.length > 3 && lower.includes(v.toLowerCase()));
    expect(leaked).toEqual([]);
    expect(after).not.toMatch(/tenant/i);
  });

  test("a request's route is its pattern, never the id in the URL", () => {
    const match = routeMatcher({
      staticRoutes: [{ page: "/rematricula" }, { page: "/" }],
      dynamicRoutes: [{ page: "/rematricula/[alunoId]", regex: "^/rematricula/([^/]+?)(?:/)?$" }],
    });
    expect(match("/rematricula/6f1c2a36-5b5e-4d2a-9a57-1d9c6f1e2b3c")).toBe("/rematricula/[alunoId]");
    expect(match("/rematricula/")).toBe("/rematricula");
    expect(match("/")).toBe("/");
    expect(match("/_next/static/chunks/x.js")).toBe("/_next/static");
    expect(match("/wp-login.php")).toBe("other");
    expect(match("/Maria da Silva")).toBe("other");
  });

  test("server.mjs's request histogram lands in the registry /api/metrics serves", async () => {
    observeRequest("GET", "/rota-que-nao-existe", 200, 0.012);
    observeRequest("BREW", "/rota-que-nao-existe", 418, 0.001);
    const text = await metrics();
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="other",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="other",route="other",status="418"}')).toBe(1);
  });
});

describe.skipIf(promtoolSkip !== null)(`promtool${promtoolSkip ? ` — skipped: ${promtoolSkip}` : ""}`, () => {
  test("accepts the metrics as Prometheus exposition text", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "metrics-"));
    try {
      const file = path.join(dir, "metrics.txt");
      await writeFile(file, await metrics());
      // promtool reads the text on stdin; any problem is printed and makes it exit non-zero.
      const { stdout, stderr } = await run("sh", ["-c", `${PROMTOOL} check metrics < "${file}"`]);
      expect(`${stdout}${stderr}`.trim()).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("accepts the example alert rules of docs/alerts.yml", async () => {
    const { stdout } = await run(PROMTOOL!, ["check", "rules", path.resolve("docs/alerts.yml")]);
    expect(stdout).toMatch(/SUCCESS: [1-9]\d* rules found/);
  });

  test("refuses a broken exposition and a broken rule, so the checks above can fail", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "metrics-"));
    try {
      await writeFile(path.join(dir, "bad.txt"), "# TYPE x counter\nx{a=\"1\"} not-a-number\n");
      await expect(run("sh", ["-c", `${PROMTOOL} check metrics < "${path.join(dir, "bad.txt")}"`])).rejects.toBeTruthy();
      await writeFile(path.join(dir, "bad.yml"), "groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: rate(x[5m] >\n");
      await expect(run(PROMTOOL!, ["check", "rules", path.join(dir, "bad.yml")])).rejects.toBeTruthy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

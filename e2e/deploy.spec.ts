import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { E2E_DATABASE_URL, OPS_PORT_BASE } from "./env";

// scripts/deploy-staging.sh against a fresh PostgreSQL database, on the build
// this suite already runs (DEPLOY_SKIP_BUILD=1: rebuilding would pull .next
// from under the suite's own server). A good deploy serves at the latest schema
// version; a deploy with a broken migration exits non-zero, leaves the
// database exactly as it was and the previous version serving.
test.describe.configure({ mode: "serial", timeout: 240_000 });

const tag = `${Date.now()}_${process.pid}`;
const dbName = `ops_deploy_${tag}`;
const loginRole = `ops_deploy_login_${tag}`;
const port = OPS_PORT_BASE;
const server = new URL(E2E_DATABASE_URL);
const urlFor = (db: string, user: string) => {
  const u = new URL(server.toString());
  u.pathname = `/${db}`;
  u.username = user;
  return u.toString();
};
const admin = () => postgres(urlFor("postgres", server.username || "postgres"), { max: 1, onnotice: () => {} });
const dir = mkdtempSync(path.join(os.tmpdir(), "ops-deploy-"));
const journal = (d: string) => JSON.parse(readFileSync(path.join(d, "meta", "_journal.json"), "utf8"));
const LATEST = journal("db/migrations").entries.length;

async function deploy(extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  // A clean environment, as on a staging host: everything else comes from the .env file
  // (the test runner's own variables, NODE_OPTIONS included, stay out of the app).
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DEPLOY_ENV_FILE: path.join(dir, ".env"),
    DEPLOY_RUN_DIR: path.join(dir, "run"), DEPLOY_SKIP_BUILD: "1", DEPLOY_HEALTH_TIMEOUT: "60", ...extraEnv } as unknown as NodeJS.ProcessEnv;
  return promisify(execFile)("bash", ["scripts/deploy-staging.sh"], { env, timeout: 200_000, maxBuffer: 1 << 24 })
    .then((r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout}${e.stderr}` }));
}

async function health() {
  const r = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { code: r.status, body: await r.json() };
}

const pid = () => readFileSync(path.join(dir, "run", "app.pid"), "utf8").trim();

test.beforeAll(async () => {
  const a = admin();
  await a.unsafe(`create database ${dbName}`);
  // The app's login role: an unprivileged member of rematricula_app. The
  // application role is cluster-wide and created by migration 0000; on a server
  // that never ran it, create it the same way first.
  await a.unsafe(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'rematricula_app') then
        create role rematricula_app nologin nosuperuser nobypassrls; end if;
    exception when duplicate_object or unique_violation then null; end $$`);
  await a.unsafe(`create role ${loginRole} login nosuperuser nobypassrls nocreatedb nocreaterole in role rematricula_app`);
  await a.end();
  writeFileSync(path.join(dir, ".env"), [
    `DATABASE_URL=${urlFor(dbName, loginRole)}`,
    `MIGRATION_DATABASE_URL=${urlFor(dbName, server.username || "postgres")}`,
    "AUTH_SECRET=deploy-test-secret-not-for-production-0000",
    `PORT=${port}`,
    "",
  ].join("\n"));
});

test.afterAll(async () => {
  try {
    process.kill(Number(pid()), "SIGTERM");
  } catch {
    // Not running.
  }
  const a = admin();
  await a.unsafe(`drop database if exists ${dbName} with (force)`);
  await a.unsafe(`drop role if exists ${loginRole}`);
  await a.end();
  rmSync(dir, { recursive: true, force: true });
});

test("a deploy to a fresh database migrates it and serves at the latest schema version, as the login role", async () => {
  const r = await deploy();
  expect(r.code, r.out).toBe(0);
  expect(r.out).toContain(`DEPLOY OK`);
  expect(await health()).toEqual({ code: 200, body: { status: "ok", schemaVersion: LATEST, expectedSchemaVersion: LATEST } });
  const db = postgres(urlFor(dbName, server.username || "postgres"), { max: 1, onnotice: () => {} });
  try {
    const sessions = await db`select distinct usename from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
    expect(sessions.map((s) => s.usename)).toEqual([loginRole]);
  } finally {
    await db.end();
  }
});

test("a deploy with a broken migration exits non-zero, applies nothing of its batch and keeps the previous version serving", async () => {
  const before = pid();
  const migrations = path.join(dir, "migrations");
  cpSync("db/migrations", migrations, { recursive: true });
  const j = journal(migrations);
  const last = j.entries[j.entries.length - 1].when;
  // A good migration followed by a broken one in the same deploy: the good one must not stay applied.
  writeFileSync(path.join(migrations, "9998_ops_probe.sql"), "CREATE TABLE public.ops_probe (id int);\n");
  writeFileSync(path.join(migrations, "9999_ops_broken.sql"),
    "CREATE TABLE public.ops_half (id int);\n--> statement-breakpoint\nSELECT 1 / 0;\n");
  j.entries.push({ idx: j.entries.length, version: "7", when: last + 1, tag: "9998_ops_probe", breakpoints: true },
    { idx: j.entries.length + 1, version: "7", when: last + 2, tag: "9999_ops_broken", breakpoints: true });
  writeFileSync(path.join(migrations, "meta", "_journal.json"), JSON.stringify(j));

  const r = await deploy({ MIGRATIONS_DIR: migrations });
  expect(r.code, r.out).not.toBe(0);
  expect(r.out).toMatch(/DEPLOY FAILED: a migration failed/);
  expect(r.out).not.toContain("starting the app");

  expect(pid()).toBe(before);
  expect(await health()).toEqual({ code: 200, body: { status: "ok", schemaVersion: LATEST, expectedSchemaVersion: LATEST } });
  const db = postgres(urlFor(dbName, server.username || "postgres"), { max: 1, onnotice: () => {} });
  try {
    const [state] = await db`select (select count(*)::int from drizzle.__drizzle_migrations) as applied,
      to_regclass('public.ops_probe') is null as no_probe, to_regclass('public.ops_half') is null as no_half`;
    expect(state).toEqual({ applied: LATEST, no_probe: true, no_half: true });
  } finally {
    await db.end();
  }
});

test("a deploy whose app cannot become healthy fails and says why", async () => {
  // The owner (a superuser here) as the app's login: /api/health refuses it
  // under REQUIRE_UNPRIVILEGED_LOGIN=1, which the script sets.
  const env = readFileSync(path.join(dir, ".env"), "utf8")
    .replace(/^DATABASE_URL=.*$/m, `DATABASE_URL=${urlFor(dbName, server.username || "postgres")}?application_name=x`);
  writeFileSync(path.join(dir, ".env"), env);
  const r = await deploy({ DEPLOY_HEALTH_TIMEOUT: "15" });
  expect(r.code, r.out).not.toBe(0);
  expect(r.out).toMatch(/DEPLOY FAILED: \/api\/health did not answer .*last answer: 503 login_role_privileged/);
  await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
});

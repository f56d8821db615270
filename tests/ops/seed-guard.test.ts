import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemo } from "@/scripts/seed/demo";
import { demoSeedRefusal } from "@/scripts/seed/guard";
import { makeTenant } from "../helpers/fixtures";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";

// The demo users share a published password: loading them next to a real
// school, or into a server nobody meant to seed, would open that school.
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

test("a PostgreSQL server is seeded only with SEED_DEMO=1; the embedded database needs nothing", () => {
  const url = "postgres://app@db.escola.example/rematricula";
  expect(demoSeedRefusal({ DATABASE_URL: url })).toMatch(/SEED_DEMO=1/);
  expect(demoSeedRefusal({ DATABASE_URL: url, SEED_DEMO: "true" })).toMatch(/SEED_DEMO=1/);
  expect(demoSeedRefusal({ DATABASE_URL: url, SEED_DEMO: "1" })).toBeNull();
  expect(demoSeedRefusal({})).toBeNull();
});

test("npm run db:seed against a DATABASE_URL without the opt-in exits non-zero and touches nothing", async () => {
  const env = { ...process.env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/nada", SEED_DEMO: "" };
  const run = promisify(execFile)("npx", ["tsx", "scripts/seed/cli.ts"], { env, timeout: 60_000 });
  const err = (await run.then(() => undefined, (e: unknown) => e)) as { code?: number; stderr?: string } | undefined;
  expect(err?.code).toBe(1);
  expect(err?.stderr).toMatch(/SEED_DEMO=1/);
});

test("a database that holds another school is refused, and no demo row is written", async () => {
  await makeTenant(t.db);
  await expect(seedDemo(t.db)).rejects.toThrow(/não são de demonstração/);
  const users = await q<{ n: number }>(t.db, sql`select count(*)::int as n from users where email like '%.demo'`);
  const demo = await q<{ n: number }>(t.db, sql`select count(*)::int as n from tenants where slug in ('pelicano', 'aurora')`);
  expect(users[0].n).toBe(0);
  expect(demo[0].n).toBe(0);
});

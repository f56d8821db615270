import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { expectedSchemaVersion, migrateDb, MIGRATIONS_DIR } from "@/db/migrate";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "./support";

// createTestDb starts from an empty database (in-memory PGlite or a brand-new
// PostgreSQL database) and migrates it, so this file sees the first application.
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const applied = () =>
  q<{ n: number; whens: string[] }>(t.db, sql`select count(*)::int as n,
    coalesce(array_agg(created_at::text order by created_at), '{}') as whens
    from drizzle.__drizzle_migrations`);

const journalWhens = (): string[] => {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"));
  return journal.entries.map((e: { when: number }) => String(e.when));
};

test("every journal entry is applied exactly once on an empty database", async () => {
  const [first] = await applied();
  expect(first.n).toBe(expectedSchemaVersion());
  // drizzle records each migration's journal timestamp: same set, no duplicates.
  expect(first.whens).toEqual(journalWhens());
});

test("the migrations produced the schema, not just bookkeeping rows", async () => {
  const tables = await q<{ name: string }>(t.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  expect(tables.map((r) => r.name)).toEqual(expect.arrayContaining([
    "tenants", "unidades", "users", "memberships", "alunos", "system_config",
    "inadimplentes", "inadimplentes_audit", "liberacoes", "rematriculas", "rematricula_events", "login_throttle",
  ]));
});

test("re-applying the migrations is a no-op", async () => {
  const [before] = await applied();
  await migrateDb(t);
  const [after] = await applied();
  expect(after).toEqual(before);
  expect(after.n).toBe(expectedSchemaVersion());
});

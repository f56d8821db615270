import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "./support";

// SPEC §10: every tenant table leads its primary and unique keys with tenant_id,
// so the schema can be distributed by tenant (Citus) unchanged, and no key can
// make one school's rows collide with another's.

/** Unique indexes (primary keys included) of tenant tables whose first column is not tenant_id. */
async function keysNotLedByTenant(db: Db): Promise<string[]> {
  const rows = await q<{ name: string }>(db, sql`
    select c.relname || '.' || i.relname as name
    from pg_index x
    join pg_class c on c.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    left join pg_attribute a on a.attrelid = c.oid and a.attnum = x.indkey[0]
    where x.indisunique and c.relnamespace = 'public'::regnamespace
      and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)
      and a.attname is distinct from 'tenant_id'
    order by 1`);
  return rows.map((r) => r.name);
}

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

test("every unique key of a tenant table starts with tenant_id", async () => {
  expect(await keysNotLedByTenant(t.db)).toEqual([]);
  // Guards against a query that matches no index at all.
  const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from pg_index x
    join pg_class c on c.oid = x.indrelid where x.indisunique and c.relname = 'alunos'`);
  expect(n).toBeGreaterThanOrEqual(3);
});

test("the check reports a tenant table keyed without tenant_id", async () => {
  await t.db.execute(sql`create table tenant_keys_probe (id uuid primary key, tenant_id uuid not null)`);
  try {
    expect(await keysNotLedByTenant(t.db)).toEqual(["tenant_keys_probe.tenant_keys_probe_pkey"]);
  } finally {
    await t.db.execute(sql`drop table tenant_keys_probe`);
  }
});

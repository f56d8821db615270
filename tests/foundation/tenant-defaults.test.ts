import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { createTestDb, type TestDb } from "../helpers/db";
import { addMembership, makeTenant, makeUser } from "../helpers/fixtures";
import { q } from "./support";

// SPEC §4: a new school starts with every flag at a default that changes nothing
// in its current flow, so the check stays off until an admin turns it on; and
// in the calendar year as its school year (SPEC §2).
const DEFAULTS = {
  "rematricula.inadimplencia.enabled": false,
  "rematricula.inadimplencia.enforcement.server_enabled": false,
  "rematricula.inadimplencia.ui.banner_message": "Verificar situação com a Tesouraria",
  "rematricula.inadimplencia.match.require_guardian": false,
  "rematricula.inadimplencia.match.require_same_school": false,
  "rematricula.inadimplencia.cache_ttl_ms": 300000,
};

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

/** A tenant as create_tenant makes it: the trigger alone writes its settings (makeTenant also sets the year). */
async function bareTenant(): Promise<string> {
  const [row] = await q<{ id: string }>(t.db, sql`insert into tenants (slug, name)
    values (${`t-${crypto.randomUUID().slice(0, 8)}`}, 'Escola Nova') returning id`);
  return row.id;
}

test("a new tenant gets the six flags with their defaults and the calendar year, readable by its staff", async () => {
  const tenant = await bareTenant();
  const admin = await makeUser(t.db, "Admin Nova");
  await addMembership(t.db, tenant, admin, "admin");
  // value::text, so both drivers hand back the same JSON rather than their own parse.
  const rows = await withTenant({ tenantId: tenant, userId: admin },
    (tx) => q<{ key: string; value: string }>(tx, sql`select key, value::text from system_config`), t.db);
  const [{ year }] = await q<{ year: number }>(t.db, sql`select extract(year from current_date)::int as year`);
  expect(Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]))).toEqual({ ...DEFAULTS, "escola.ano_letivo": year });
  expect(rows).toHaveLength(7);
});

test("each tenant gets its own copy", async () => {
  const [x, y] = [await bareTenant(), await makeTenant(t.db)];
  const rows = await q<{ tenant_id: string; n: number }>(t.db, sql`select tenant_id::text, count(*)::int as n
    from system_config where tenant_id in (${x}, ${y}) group by tenant_id order by 1`);
  expect(rows).toEqual([x, y].sort().map((id) => ({ tenant_id: id, n: 7 })));
});

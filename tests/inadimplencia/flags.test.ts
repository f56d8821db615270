import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { DEFAULT_FLAGS, FLAG_KEYS, getFlags, invalidateFlags, parseFlags, readFlags } from "@/lib/inadimplencia/flags";
import { createTestDb, type TestDb } from "../helpers/db";
import { setFlag } from "../helpers/fixtures";
import { makeSchool } from "./support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

describe("parseFlags", () => {
  test("no rows: the defaults of SPEC §4", () => {
    expect(parseFlags([])).toStrictEqual({
      enabled: false,
      enforcementServerEnabled: false,
      bannerMessage: "Verificar situação com a Tesouraria",
      requireGuardian: false,
      requireSameSchool: false,
      cacheTtlMs: 300_000,
    });
  });

  test("reads booleans the way PostgreSQL's ::boolean cast does", () => {
    const f = parseFlags([
      { key: FLAG_KEYS.enabled, value: "on" },
      { key: FLAG_KEYS.enforcementServerEnabled, value: true },
      { key: FLAG_KEYS.requireGuardian, value: "t" },
      { key: FLAG_KEYS.requireSameSchool, value: "banana" },
    ]);
    expect(f).toMatchObject({ enabled: true, enforcementServerEnabled: true, requireGuardian: true, requireSameSchool: false });
  });

  test("a present but unreadable value fails closed: block on, matching loose", () => {
    const f = parseFlags([
      { key: FLAG_KEYS.enabled, value: "banana" },
      { key: FLAG_KEYS.enforcementServerEnabled, value: { on: false } },
      { key: FLAG_KEYS.requireGuardian, value: 42 },
    ]);
    expect(f).toMatchObject({ enabled: true, enforcementServerEnabled: true, requireGuardian: false });
  });

  test("a blank banner or an unusable TTL keeps the default", () => {
    const f = parseFlags([
      { key: FLAG_KEYS.bannerMessage, value: "  " },
      { key: FLAG_KEYS.cacheTtlMs, value: -5 },
    ]);
    expect(f.bannerMessage).toBe(DEFAULT_FLAGS.bannerMessage);
    expect(f.cacheTtlMs).toBe(DEFAULT_FLAGS.cacheTtlMs);
    expect(parseFlags([{ key: FLAG_KEYS.cacheTtlMs, value: null }]).cacheTtlMs).toBe(DEFAULT_FLAGS.cacheTtlMs);
    expect(parseFlags([{ key: FLAG_KEYS.cacheTtlMs, value: 0 }]).cacheTtlMs).toBe(0);
  });
});

test("readFlags reads the request's tenant, not another one", async () => {
  const a = await makeSchool(t.db, { enforcementServerEnabled: true, bannerMessage: "Procure a Tesouraria da Unidade A" });
  const b = await makeSchool(t.db, { enabled: false });
  expect(await withTenant(a, readFlags)).toMatchObject({
    enabled: true, enforcementServerEnabled: true, bannerMessage: "Procure a Tesouraria da Unidade A",
  });
  expect(await withTenant(b, readFlags)).toMatchObject({
    enabled: false, enforcementServerEnabled: false, bannerMessage: DEFAULT_FLAGS.bannerMessage,
  });
});

describe("getFlags caches per tenant for at most cache_ttl_ms", () => {
  test("a change shows once the tenant's TTL has passed, not before", async () => {
    const s = await makeSchool(t.db, { cacheTtlMs: 1000, bannerMessage: "Antes" });
    let now = 10_000;
    const clock = () => now;
    expect((await getFlags(s, clock)).bannerMessage).toBe("Antes");
    await setFlag(t.db, s.tenantId, FLAG_KEYS.bannerMessage, "Depois");
    now += 999;
    expect((await getFlags(s, clock)).bannerMessage).toBe("Antes");
    now += 2;
    expect((await getFlags(s, clock)).bannerMessage).toBe("Depois");
  });

  test("TTL 0 means no caching", async () => {
    const s = await makeSchool(t.db, { cacheTtlMs: 0 });
    const clock = () => 5;
    expect((await getFlags(s, clock)).enabled).toBe(true);
    await setFlag(t.db, s.tenantId, FLAG_KEYS.enabled, false);
    expect((await getFlags(s, clock)).enabled).toBe(false);
  });

  test("each tenant has its own entry, and invalidateFlags drops one", async () => {
    const a = await makeSchool(t.db, { bannerMessage: "A" });
    const b = await makeSchool(t.db, { bannerMessage: "B" });
    const clock = () => 0;
    expect((await getFlags(a, clock)).bannerMessage).toBe("A");
    expect((await getFlags(b, clock)).bannerMessage).toBe("B");
    await t.db.execute(sql`update system_config set value = '"A2"' where tenant_id = ${a.tenantId} and key = ${FLAG_KEYS.bannerMessage}`);
    expect((await getFlags(a, clock)).bannerMessage).toBe("A");
    invalidateFlags(a.tenantId);
    expect((await getFlags(a, clock)).bannerMessage).toBe("A2");
  });
});

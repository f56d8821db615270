import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { flagsForAdmin, saveFlags, type FlagsInput } from "@/lib/config/flags-admin";
import { FLAG_KEYS, getFlags } from "@/lib/inadimplencia/flags";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const CURRENT: FlagsInput = {
  enabled: true, enforcementServerEnabled: false, bannerMessage: "Verificar situação com a Tesouraria",
  requireGuardian: false, requireSameSchool: false, cacheTtlMs: 300_000,
};

const stored = async (tenantId: string) => Object.fromEntries((await q<{ key: string; value: unknown }>(t.db,
  sql`select key, value from system_config where tenant_id = ${tenantId} order by key`)).map((r) => [r.key, r.value]));
const auditOf = (tenantId: string) => q<{ entity_key: string; action: string; actor: string; before: unknown; after: unknown }>(
  t.db, sql`select entity_key, action, actor, before -> 'value' as before, after -> 'value' as after
    from audit_log where tenant_id = ${tenantId} and entity = 'system_config' order by id`);

async function school() {
  const admin = await makeSchool(t.db, { enabled: true }, ["admin"]);
  const baseline = (await auditOf(admin.tenantId)).length;
  return { admin, baseline };
}

describe("saving flags", () => {
  test("only changed keys are written, typed, each audited with actor and before → after", async () => {
    const { admin, baseline } = await school();
    const changed = await saveFlags(admin, { ...CURRENT, enforcementServerEnabled: true, cacheTtlMs: 60_000 });
    expect(changed.sort()).toEqual(["cacheTtlMs", "enforcementServerEnabled"]);
    const values = await stored(admin.tenantId);
    expect(values[FLAG_KEYS.enforcementServerEnabled]).toBe(true);
    expect(values[FLAG_KEYS.cacheTtlMs]).toBe(60_000);
    const [typeOf] = await q<{ t: string }>(t.db, sql`select jsonb_typeof(value) as t from system_config
      where tenant_id = ${admin.tenantId} and key = ${FLAG_KEYS.enforcementServerEnabled}`);
    expect(typeOf.t).toBe("boolean");
    const audit = (await auditOf(admin.tenantId)).slice(baseline);
    expect(audit.map((a) => [a.entity_key, a.actor, a.before, a.after]).sort()).toEqual([
      [FLAG_KEYS.cacheTtlMs, admin.userId, 300_000, 60_000],
      [FLAG_KEYS.enforcementServerEnabled, admin.userId, false, true],
    ]);
    const { audit: shown } = await flagsForAdmin(admin);
    expect(shown[0]).toMatchObject({ actorName: "Equipe Teste" });
  });

  test("saving the same values again writes nothing", async () => {
    const { admin, baseline } = await school();
    expect(await saveFlags(admin, CURRENT)).toEqual([]);
    expect(await auditOf(admin.tenantId)).toHaveLength(baseline);
  });

  test("this instance sees the change at once, despite its flag cache", async () => {
    const { admin } = await school();
    expect((await getFlags(admin)).bannerMessage).toBe(CURRENT.bannerMessage);
    await saveFlags(admin, { ...CURRENT, enabled: false, bannerMessage: "  Procure a Tesouraria.  " });
    expect(await getFlags(admin)).toMatchObject({ enabled: false, bannerMessage: "Procure a Tesouraria." });
    expect((await flagsForAdmin(admin)).flags.enabled).toBe(false);
  });
});

describe("bad input → VALIDATION in Portuguese, nothing changed", () => {
  test.each([
    [{ enabled: "true" }, "enabled", "Valor inválido: marque ou desmarque a opção."],
    [{ requireGuardian: 1 }, "requireGuardian", "Valor inválido: marque ou desmarque a opção."],
    [{ cacheTtlMs: -1 }, "cacheTtlMs", "O tempo não pode ser negativo."],
    [{ cacheTtlMs: 86_400_001 }, "cacheTtlMs", "O tempo pode ser de no máximo 86.400.000 ms (24 horas)."],
    [{ cacheTtlMs: 1.5 }, "cacheTtlMs", "Informe um número inteiro de milissegundos."],
    [{ cacheTtlMs: "300000" }, "cacheTtlMs", "Informe um número inteiro de milissegundos."],
    [{ bannerMessage: "   " }, "bannerMessage", "Informe a mensagem."],
    [{ bannerMessage: "x".repeat(301) }, "bannerMessage", "A mensagem pode ter no máximo 300 caracteres."],
    [{ bannerMessage: "Tesouraria\0" }, "bannerMessage", "A mensagem contém caracteres inválidos."],
  ])("%o → %s", async (patch, field, message) => {
    const { admin, baseline } = await school();
    const before = await stored(admin.tenantId);
    const err = await saveFlags(admin, { ...CURRENT, enforcementServerEnabled: true, ...patch }).catch((e) => e);
    expect(err).toMatchObject({ code: "VALIDATION" });
    expect(err.fields[field]).toBe(message);
    expect(await stored(admin.tenantId)).toEqual(before);
    expect(await auditOf(admin.tenantId)).toHaveLength(baseline);
  });
});

describe("only admins", () => {
  test.each([["financeiro"], ["secretaria"], ["coordenador"]] as const)("%s → FORBIDDEN, nothing changed", async (role) => {
    const { admin, baseline } = await school();
    const other: TenantSession = await makeStaff(t.db, admin.tenantId, [role]);
    const before = await stored(admin.tenantId);
    await expect(saveFlags(other, { ...CURRENT, enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(flagsForAdmin(other)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await stored(admin.tenantId)).toEqual(before);
    expect(await auditOf(admin.tenantId)).toHaveLength(baseline);
  });

  test("a superadmin may save", async () => {
    const { admin } = await school();
    const root = await makeStaff(t.db, admin.tenantId, ["superadmin"]);
    expect(await saveFlags(root, { ...CURRENT, requireSameSchool: true })).toEqual(["requireSameSchool"]);
  });
});

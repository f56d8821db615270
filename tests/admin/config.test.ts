import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { effectMessage, flagsEffect, flagsForAdmin, saveFlags, type FlagsInput } from "@/lib/config/flags-admin";
import { msFromSeconds, secondsFromMs } from "@/lib/config/ttl-seconds";
import { FLAG_KEYS, getFlags } from "@/lib/inadimplencia/flags";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeRematricula, makeStaff } from "../helpers/fixtures";
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
    [{ cacheTtlMs: 86_400_001 }, "cacheTtlMs", "O tempo pode ser de no máximo 86.400 segundos (24 horas)."],
    [{ cacheTtlMs: 1.5 }, "cacheTtlMs", "Informe um número de segundos."],
    [{ cacheTtlMs: "300000" }, "cacheTtlMs", "Informe um número de segundos."],
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

describe("what a save would do to who is blocked (asked before saving)", () => {
  // Ana matches by name only; Bia's guardian differs from the list's; Caio is
  // freed by a liberação; Duda has re-enrolled already. Only Ana and Bia count.
  async function blockedSchool() {
    const { admin, baseline } = await school();
    const id = admin.tenantId;
    for (const [nome, guardian] of [["Ana Efeito", "Mãe Ana"], ["Bia Efeito", "Mãe Bia"], ["Caio Efeito", null], ["Duda Efeito", null]]) {
      const aluno = await makeAluno(t.db, id, { nome: nome!, responsavelNome: nome === "Bia Efeito" ? "Outra Mãe" : guardian });
      await makeInadimplente(t.db, id, { studentName: nome!, guardian });
      if (nome === "Caio Efeito") await makeLiberacao(t.db, id, aluno, { validFor: "2 days" });
      if (nome === "Duda Efeito") {
        const r = await makeRematricula(t.db, id, aluno);
        await t.db.execute(sql`update rematriculas set status = 'concluida' where id = ${r}`);
      }
    }
    return { admin, baseline };
  }

  test("switching the check off frees every blocked student of the campaign, and nothing is saved by asking", async () => {
    const { admin, baseline } = await blockedSchool();
    const before = await stored(admin.tenantId);
    expect(await flagsEffect(admin, { ...CURRENT, enabled: false })).toEqual({ deixam: 2, passam: 0 });
    expect(await stored(admin.tenantId)).toEqual(before);
    expect(await auditOf(admin.tenantId)).toHaveLength(baseline);
  });

  test("requiring the same guardian frees only the student whose guardian differs (the check's own rule)", async () => {
    const { admin } = await blockedSchool();
    expect(await flagsEffect(admin, { ...CURRENT, requireGuardian: true })).toEqual({ deixam: 1, passam: 0 });
  });

  test("switching the check on blocks them; changing only the message blocks nobody", async () => {
    const { admin } = await blockedSchool();
    await saveFlags(admin, { ...CURRENT, enabled: false });
    expect(await flagsEffect(admin, CURRENT)).toEqual({ deixam: 0, passam: 2 });
    expect(await flagsEffect(admin, { ...CURRENT, enabled: false, bannerMessage: "Outra" })).toEqual({ deixam: 0, passam: 0 });
  });

  test("only admins may ask; bad input is refused as when saving", async () => {
    const { admin } = await blockedSchool();
    const sec = await makeStaff(t.db, admin.tenantId, ["secretaria"]);
    await expect(flagsEffect(sec, { ...CURRENT, enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(flagsEffect(admin, { ...CURRENT, bannerMessage: "" })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  test("the effect in the admin's words", () => {
    expect(effectMessage({ deixam: 37, passam: 0 })).toBe("37 alunos deixam de ser bloqueados agora.");
    expect(effectMessage({ deixam: 1, passam: 2 })).toBe("1 aluno deixa de ser bloqueado agora; 2 alunos passam a ser bloqueados agora.");
    expect(effectMessage({ deixam: 0, passam: 0 })).toBeNull();
  });
});

describe("the cache time is typed in seconds and stored in milliseconds", () => {
  test.each([["300", 300_000], [" 1,5 ", 1500], ["0", 0], ["abc", "abc"], ["", ""]])("%j → %j", (typed, ms) => {
    expect(msFromSeconds(typed)).toBe(ms);
  });
  test("stored milliseconds are shown as seconds", () => {
    expect(secondsFromMs(300_000)).toBe("300");
    expect(secondsFromMs(1500)).toBe("1.5");
  });
});

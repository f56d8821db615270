import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeStaff, makeTenant, makeUser } from "../helpers/fixtures";
import { expectPgError, q } from "./support";

// SPEC §5: the database refuses what the role may not write, whatever the
// application code does. Every statement here runs as the app role in a real
// member's context; the owner (fixtures) only prepares and verifies.

/** Write policies on tenant tables whose USING or WITH CHECK names no role. */
async function roleBlindWritePolicies(db: Db): Promise<string[]> {
  const rows = await q<{ name: string }>(db, sql`
    select p.tablename || '.' || p.policyname as name
    from pg_policies p
    where p.schemaname = 'public' and p.cmd in ('ALL', 'INSERT', 'UPDATE', 'DELETE')
      and exists (select 1 from information_schema.columns c
                  where c.table_schema = 'public' and c.table_name = p.tablename and c.column_name = 'tenant_id')
      and ((p.qual is not null and p.qual !~ 'app_(has_role|is_admin|is_finance|can_reenroll)\\(')
        or (p.with_check is not null and p.with_check !~ 'app_(has_role|is_admin|is_finance|can_reenroll)\\('))
    order by 1`);
  return rows.map((r) => r.name);
}

let t: TestDb;
let tenantId: string;
let secretaria: TenantSession, financeiro: TenantSession, coordenador: TenantSession, admin: TenantSession;
let alunoId: string, inadId: string, liberacaoId: string;

beforeAll(async () => {
  t = await createTestDb();
  tenantId = await makeTenant(t.db, "Escola Papéis");
  secretaria = await makeStaff(t.db, tenantId, ["secretaria"]);
  financeiro = await makeStaff(t.db, tenantId, ["financeiro"]);
  coordenador = await makeStaff(t.db, tenantId, ["coordenador"]);
  admin = await makeStaff(t.db, tenantId, ["admin"]);
  alunoId = await makeAluno(t.db, tenantId, { nome: "Clara Nunes" });
  inadId = await makeInadimplente(t.db, tenantId, { studentName: "Outra Pessoa", codigo: "A1" });
  liberacaoId = await makeLiberacao(t.db, tenantId, alunoId, { validFor: "1 day" });
});
afterAll(async () => { await t?.close(); });

describe("the policy catalog", () => {
  test("every write policy of a tenant table checks the role as well as the tenant", async () => {
    expect(await roleBlindWritePolicies(t.db)).toEqual([]);
  });

  test("a new policy that checks only the tenant is reported", async () => {
    await t.db.execute(sql`create table write_probe (tenant_id uuid not null)`);
    try {
      await t.db.execute(sql`create policy write_probe_tenant on write_probe to rematricula_app
        using (tenant_id = (select public.app_tenant())) with check (tenant_id = (select public.app_tenant()))`);
      expect(await roleBlindWritePolicies(t.db)).toEqual(["write_probe.write_probe_tenant"]);
    } finally {
      await t.db.execute(sql`drop table write_probe`);
    }
  });
});

describe("a secretaria of the same school writes none of the protected tables", () => {
  test("the delinquent list: insert refused, update and soft delete touch nothing", async () => {
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into inadimplentes (tenant_id, student_name)
      values (${tenantId}, 'Intrusa')`)), "42501");
    const touched = await withTenant(secretaria, (tx) => q(tx, sql`update inadimplentes set is_active = false returning id`));
    expect(touched).toEqual([]);
    expect((await q<{ is_active: boolean }>(t.db, sql`select is_active from inadimplentes where id = ${inadId}`))[0].is_active).toBe(true);
  });

  test("liberações: cannot grant one to a student or revoke one", async () => {
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into liberacoes (tenant_id, aluno_id, reason, valid_until)
      values (${tenantId}, ${alunoId}, 'eu mesma', now() + interval '1 year')`)), "42501");
    expect(await withTenant(secretaria, (tx) => q(tx, sql`update liberacoes set revoked_at = now() returning id`))).toEqual([]);
    expect(await q(t.db, sql`select 1 from liberacoes where id = ${liberacaoId} and revoked_at is null`)).toHaveLength(1);
  });

  test("flags: cannot switch the check off", async () => {
    expect(await withTenant(secretaria, (tx) => q(tx, sql`update system_config set value = 'false'
      where key = 'rematricula.inadimplencia.enabled' returning key`))).toEqual([]);
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into system_config (tenant_id, key, value)
      values (${tenantId}, 'outra.chave', 'true')`)), "42501");
  });

  test("memberships: cannot give itself admin, nor re-activate or change anyone's", async () => {
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role)
      values (${tenantId}, ${secretaria.userId}, 'admin')`)), "42501");
    expect(await withTenant(secretaria, (tx) => q(tx, sql`update memberships set role = 'admin'
      where user_id = ${secretaria.userId} returning role`))).toEqual([]);
    expect(await q(t.db, sql`select role from memberships where user_id = ${secretaria.userId}`)).toEqual([{ role: "secretaria" }]);
  });

  test("students: cannot create one or change a status", async () => {
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into alunos (tenant_id, nome)
      values (${tenantId}, 'Aluno Novo')`)), "42501");
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`update alunos set status = 'transferido'
      where id = ${alunoId}`)), "42501");
  });

  test("the audit trails: cannot write, update or delete them", async () => {
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into audit_log (tenant_id, entity, entity_key, action)
      values (${tenantId}, 'x', 'y', 'z')`)), "42501");
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`insert into inadimplentes_audit (tenant_id, inadimplente_id, action)
      values (${tenantId}, ${inadId}, 'forjado')`)), "42501");
  });
});

describe("finance and admin rights are split as SPEC §1 has them", () => {
  test("finance writes the list, but not the flags or the memberships", async () => {
    const [row] = await withTenant(financeiro, (tx) => q<{ id: string }>(tx, sql`insert into inadimplentes (tenant_id, student_name)
      values (${tenantId}, 'Nova Devedora') returning id`));
    expect(row.id).toBeTruthy();
    expect(await withTenant(financeiro, (tx) => q(tx, sql`update system_config set value = 'false'
      where key = 'rematricula.inadimplencia.enabled' returning key`))).toEqual([]);
    await expectPgError(withTenant(financeiro, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role)
      values (${tenantId}, ${financeiro.userId}, 'admin')`)), "42501");
  });

  test("finance cannot forge or rewrite audit rows of the list either", async () => {
    await expectPgError(withTenant(financeiro, (tx) => tx.execute(sql`insert into inadimplentes_audit (tenant_id, inadimplente_id, action)
      values (${tenantId}, ${inadId}, 'forjado')`)), "42501");
    await expectPgError(withTenant(financeiro, (tx) => tx.execute(sql`update inadimplentes_audit set action = 'x'`)), "42501");
    await expectPgError(withTenant(financeiro, (tx) => tx.execute(sql`delete from inadimplentes_audit`)), "42501");
  });

  test("an admin adds members, but only a superadmin makes a superadmin", async () => {
    const newcomer = await makeUser(t.db, "Recém-chegada");
    await withTenant(admin, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role)
      values (${tenantId}, ${newcomer}, 'secretaria')`));
    await expectPgError(withTenant(admin, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role)
      values (${tenantId}, ${admin.userId}, 'superadmin')`)), "42501");
    await expectPgError(withTenant(admin, (tx) => tx.execute(sql`update memberships set role = 'superadmin'
      where user_id = ${newcomer}`)), "42501");
  });

  test("an admin's flag change is audited with actor, before and after", async () => {
    await withTenant(admin, (tx) => tx.execute(sql`update system_config set value = 'true'
      where key = 'rematricula.inadimplencia.match.require_guardian'`));
    const rows = await q<{ actor: string; before: unknown; after: unknown }>(t.db, sql`select actor,
        before -> 'value' as before, after -> 'value' as after from audit_log
      where tenant_id = ${tenantId} and entity = 'system_config' and action = 'update'
        and entity_key = 'rematricula.inadimplencia.match.require_guardian'`);
    expect(rows).toEqual([{ actor: admin.userId, before: false, after: true }]);
    await expectPgError(withTenant(admin, (tx) => tx.execute(sql`update audit_log set actor = null`)), "42501");
    await expectPgError(t.db.execute(sql`delete from audit_log`), "P0001");
  });
});

describe("flags are typed", () => {
  test.each([["'\"yes\"'"], ["'1'"], ["'null'"], ["'\"false\"'"]])("a boolean flag stored as %s is refused", async (value) => {
    await expectPgError(t.db.execute(sql`update system_config set value = ${sql.raw(value)}::jsonb
      where tenant_id = ${tenantId} and key = 'rematricula.inadimplencia.enabled'`), "23514");
  });

  test("a blank banner or a negative TTL is refused", async () => {
    await expectPgError(t.db.execute(sql`update system_config set value = '"  "'
      where tenant_id = ${tenantId} and key = 'rematricula.inadimplencia.ui.banner_message'`), "23514");
    await expectPgError(t.db.execute(sql`update system_config set value = '-1'
      where tenant_id = ${tenantId} and key = 'rematricula.inadimplencia.cache_ttl_ms'`), "23514");
  });
});

describe("rematrículas: re-enrolling and cancelling by role", () => {
  test("a secretaria re-enrolls but cannot cancel; the coordenação can", async () => {
    const id = await makeAluno(t.db, tenantId, { nome: "Bruno Lima" });
    const [r] = await withTenant(secretaria, (tx) => q<{ id: string }>(tx, sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo)
      values (${tenantId}, ${id}, 2027) returning id`));
    await expectPgError(withTenant(secretaria, (tx) => tx.execute(sql`update rematriculas set status = 'cancelada'
      where id = ${r.id}`)), "42501");
    await withTenant(coordenador, (tx) => tx.execute(sql`update rematriculas set status = 'cancelada' where id = ${r.id}`));
    expect(await q(t.db, sql`select status from rematriculas where id = ${r.id}`)).toEqual([{ status: "cancelada" }]);
  });

  test("finance alone cannot re-enroll", async () => {
    const id = await makeAluno(t.db, tenantId, { nome: "Carla Dias" });
    await expectPgError(withTenant(financeiro, (tx) => tx.execute(sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo)
      values (${tenantId}, ${id}, 2027)`)), "42501");
  });
});

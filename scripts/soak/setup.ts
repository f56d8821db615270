import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import type { SoakSchool } from "./workload";

const STUDENTS = 60;
const DELINQUENT = 10;

/** A school with its staff, students and a delinquent list, inserted as the owner (like the seed). */
export async function makeSoakSchool(db: Sql, slug: string): Promise<SoakSchool> {
  const [{ id: tenantId }] = await db`insert into tenants (slug, name) values (${slug}, ${`Escola ${slug}`}) returning id`;
  const staff = async (role: string) => {
    const [{ id }] = await db`insert into users (email, name, password_hash)
      values (${`${role}-${randomUUID().slice(0, 8)}@soak.demo`}, ${`${role} ${slug}`}, 'x') returning id`;
    await db`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${id}, ${role})`;
    return { tenantId, userId: id as string, roles: [role] } as SoakSchool["finance"];
  };
  for (const [key, value] of [["rematricula.inadimplencia.enabled", true], ["rematricula.inadimplencia.enforcement.server_enabled", true]] as const) {
    await db`insert into system_config (tenant_id, key, value) values (${tenantId}, ${key}, ${JSON.stringify(value)}::text::jsonb)
      on conflict (tenant_id, key) do update set value = excluded.value`;
  }
  const alunos: string[] = [];
  const blocked = new Set<string>();
  for (let i = 0; i < STUDENTS; i++) {
    const nome = `Aluno Soak ${slug} ${i}`;
    const [{ id }] = await db`insert into alunos (tenant_id, nome, responsavel_nome, serie, turma, ano_letivo, status)
      values (${tenantId}, ${nome}, ${`Responsável ${i}`}, '5º ano', 'A', 2026, 'ativo') returning id`;
    alunos.push(id);
    if (i < DELINQUENT) {
      await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
        values (${tenantId}, ${`BASE-${i}`}, ${nome}, 3, 'soak')`;
      blocked.add(id);
    }
  }
  return { slug, finance: await staff("financeiro"), secretaria: await staff("secretaria"), admin: await staff("admin"), alunos, blocked };
}

export interface Counts {
  listRows: number;
  listAudit: number;
  batches: number;
  rematriculas: number;
  blockedEvents: number;
  configAudit: number;
}

/** What is in the database for one school, read as the owner. */
export async function countsOf(db: Sql, tenantId: string): Promise<Counts> {
  const [r] = await db`select
    (select count(*)::int from inadimplentes where tenant_id = ${tenantId}) as "listRows",
    (select count(*)::int from inadimplentes_audit where tenant_id = ${tenantId}) as "listAudit",
    (select count(*)::int from import_batches where tenant_id = ${tenantId}) as batches,
    (select count(*)::int from rematriculas where tenant_id = ${tenantId}) as rematriculas,
    (select count(*)::int from rematricula_events where tenant_id = ${tenantId} and kind = 'blocked') as "blockedEvents",
    (select count(*)::int from audit_log where tenant_id = ${tenantId} and entity = 'system_config') as "configAudit"`;
  return r as unknown as Counts;
}

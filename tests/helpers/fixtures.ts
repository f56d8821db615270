import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import type { Role } from "@/db/schema";
import type { TenantSession } from "@/lib/auth/permissions";

// Fixtures insert as the connection's own role (the owner), as migrations and the
// seed do; tests then read and write through withTenant to exercise RLS.

/** The school year of every test school, whatever the calendar says: tests name 2026 and 2027. */
export const TEST_SCHOOL_YEAR = 2026;

export async function makeTenant(db: Db, name = "Escola Teste"): Promise<string> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const r = await db.execute(sql`insert into tenants (slug, name) values (${slug}, ${name}) returning id`);
  const id = rowsOf<{ id: string }>(r)[0].id;
  await setFlag(db, id, "escola.ano_letivo", TEST_SCHOOL_YEAR);
  return id;
}

export async function makeUser(db: Db, name = "Pessoa Teste", phone: string | null = null): Promise<string> {
  const email = `u-${randomUUID().slice(0, 8)}@teste.demo`;
  const r = await db.execute(
    sql`insert into users (email, name, phone, password_hash) values (${email}, ${name}, ${phone}, 'x') returning id`,
  );
  return rowsOf<{ id: string }>(r)[0].id;
}

export async function addMembership(db: Db, tenantId: string, userId: string, role: string): Promise<void> {
  await db.execute(sql`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${userId}, ${role})`);
}

export async function makeAluno(
  db: Db,
  tenantId: string,
  fields: {
    nome: string; matricula?: string | null; responsavelNome?: string | null; unidade?: string | null; serie?: string | null;
    /** null stores a student without a school year; omitted means 2026. */
    anoLetivo?: number | null; turma?: string | null; status?: string;
  },
): Promise<string> {
  if (fields.unidade) {
    await db.execute(sql`insert into unidades (tenant_id, name) values (${tenantId}, ${fields.unidade}) on conflict do nothing`);
  }
  const anoLetivo = fields.anoLetivo === undefined ? 2026 : fields.anoLetivo;
  const r = await db.execute(sql`insert into alunos (tenant_id, nome, matricula, responsavel_nome, unidade, serie, ano_letivo, turma, status)
    values (${tenantId}, ${fields.nome}, ${fields.matricula ?? null}, ${fields.responsavelNome ?? null}, ${fields.unidade ?? null},
            ${fields.serie === undefined ? "5º ano" : fields.serie}, ${anoLetivo}, ${fields.turma ?? null},
            ${fields.status ?? "ativo"}) returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

export async function setFlag(db: Db, tenantId: string, key: string, value: unknown): Promise<void> {
  await db.execute(sql`insert into system_config (tenant_id, key, value) values (${tenantId}, ${key}, ${JSON.stringify(value)}::jsonb)
    on conflict (tenant_id, key) do update set value = excluded.value, updated_at = now()`);
}

export async function makeInadimplente(
  db: Db,
  tenantId: string,
  fields: {
    studentName: string; guardian?: string | null; escola?: string | null; meses?: number; codigo?: string; active?: boolean;
    /** The linked student, and the student's code as a file would give it. */
    alunoId?: string | null; codigoAluno?: string | null;
  },
): Promise<string> {
  const r = await db.execute(sql`insert into inadimplentes
      (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola, meses_inadim, is_active, source, aluno_id, codigo_aluno)
    values (${tenantId}, ${fields.codigo ?? `INAD-${randomUUID().slice(0, 6)}`}, ${fields.studentName},
            ${fields.guardian ?? null}, ${fields.escola ?? null}, ${fields.meses ?? 3}, ${fields.active ?? true}, 'teste',
            ${fields.alunoId ?? null}, ${fields.codigoAluno ?? null})
    returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

export async function makeRematricula(db: Db, tenantId: string, alunoId: string, anoLetivo = 2027): Promise<string> {
  const r = await db.execute(sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo)
    values (${tenantId}, ${alunoId}, ${anoLetivo}) returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

/** A liberação (exception) for one student; validUntil relative to now, e.g. "1 day" or "-1 day". */
export async function makeLiberacao(
  db: Db,
  tenantId: string,
  alunoId: string,
  fields: { validFor: string; revoked?: boolean; reason?: string },
): Promise<string> {
  const r = await db.execute(sql`insert into liberacoes (tenant_id, aluno_id, reason, valid_until, revoked_at)
    values (${tenantId}, ${alunoId}, ${fields.reason ?? "Acordo com a Tesouraria"}, now() + ${fields.validFor}::interval,
            ${fields.revoked ? sql`now()` : null}) returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

/** A staff member of a tenant: a user with these roles there, as a domain session. */
export async function makeStaff(
  db: Db,
  tenantId: string,
  roles: Role[],
  name = "Equipe Teste",
): Promise<TenantSession> {
  const userId = await makeUser(db, name);
  for (const role of roles) await addMembership(db, tenantId, userId, role);
  return { tenantId, userId, roles };
}

/** A committed import batch (the record only), as the import leaves it. */
export async function makeBatch(db: Db, tenantId: string, fileName = "lista.csv"): Promise<string> {
  const r = await db.execute(sql`insert into import_batches (tenant_id, file_name, size_bytes, sha256, mode)
    values (${tenantId}, ${fileName}, 100, ${"a".repeat(64)}, 'upsert') returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

/** A pending invitation of a school to an existing account, as admin_add_member leaves it. */
export async function makeInvitation(db: Db, tenantId: string, userId: string, role: Role = "secretaria"): Promise<string> {
  const r = await db.execute(sql`insert into invitations (tenant_id, user_id, email, role)
    values (${tenantId}, ${userId}, ${`convite-${randomUUID().slice(0, 8)}@teste.demo`}, ${role}) returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { hashPassword } from "@/lib/auth/password";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/inadimplencia/check";
import { CPF_TAKEN } from "./cpf";
import { mapPeopleErrors } from "./db-errors";
import { MATRICULA_TAKEN, matriculaSearch } from "./matricula";
import { addByEmail } from "./members";
import { generateTempPassword } from "./temp-password";

export interface AlunoFields {
  nome: string;
  /** The school's code (matrícula/RA), upper case, leading zeros kept. */
  matricula: string | null;
  cpf: string | null;
  dataNascimento: string | null;
  responsavelNome: string | null;
  responsavelTelefone: string | null;
  unidade: string | null;
  serie: string | null;
  turma: string | null;
  anoLetivo: number | null;
  status: "ativo" | "inativo" | "transferido" | "concluinte";
}

export interface AlunoRecord extends AlunoFields {
  id: string;
  /** The student's login, when they have one. */
  email: string | null;
}

const notFound = () => new AppError("NOT_FOUND", "Aluno não encontrado.");

const COLUMNS = sql`a.id, a.nome, a.matricula, a.cpf, a.data_nascimento::text as data_nascimento, a.responsavel_nome,
  a.responsavel_telefone, a.unidade, a.serie, a.turma, a.ano_letivo, a.status, u.email`;

type Raw = {
  id: string; nome: string; matricula: string | null; cpf: string | null; data_nascimento: string | null; responsavel_nome: string | null;
  responsavel_telefone: string | null; unidade: string | null; serie: string | null; turma: string | null;
  ano_letivo: number | null; status: AlunoFields["status"]; email: string | null;
};

const toRecord = (r: Raw): AlunoRecord => ({
  id: r.id, nome: r.nome, matricula: r.matricula, cpf: r.cpf, dataNascimento: r.data_nascimento, responsavelNome: r.responsavel_nome,
  responsavelTelefone: r.responsavel_telefone, unidade: r.unidade, serie: r.serie, turma: r.turma,
  anoLetivo: r.ano_letivo, status: r.status, email: r.email,
});

export const PAGE_SIZE = 25;

/** The school's students, searched by name, guardian, CPF or code, accent- and case-insensitively. */
export async function listAlunos(
  session: TenantSession,
  { q, page = 1 }: { q?: string | null; page?: number },
): Promise<{ rows: AlunoRecord[]; total: number; page: number; pageCount: number }> {
  assertCan(session, "people");
  const term = q?.replace(/\0/g, "").trim().slice(0, 100) || null;
  const digits = term?.replace(/\D/g, "") ?? "";
  // LIKE's own wildcards escaped, so a typed "%" or "_" matches itself.
  const pattern = sql`'%' || replace(replace(replace(norm_text(${term}::text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
  const filter = term === null ? sql`true` : sql`(a.nome_norm like ${pattern} or a.responsavel_nome_norm like ${pattern}
    ${digits.length >= 3 ? sql`or a.cpf like ${`%${digits}%`}` : sql``} or ${matriculaSearch(term)})`;
  const wanted = Number.isSafeInteger(page) && page > 0 ? page : 1;
  return withTenant(session, async (tx) => {
    const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from alunos a where ${filter}`));
    const pageCount = Math.max(1, Math.ceil(n / PAGE_SIZE));
    const current = Math.min(wanted, pageCount);
    const rows = rowsOf<Raw>(await tx.execute(sql`select ${COLUMNS} from alunos a left join users u on u.id = a.user_id
      where ${filter} order by a.nome_norm, a.id limit ${PAGE_SIZE} offset ${(current - 1) * PAGE_SIZE}`));
    return { rows: rows.map(toRecord), total: n, page: current, pageCount };
  });
}

export async function getAluno(session: TenantSession, alunoId: string): Promise<AlunoRecord> {
  assertCan(session, "people");
  if (!isUuid(alunoId)) throw notFound();
  const row = await withTenant(session, async (tx) => rowsOf<Raw>(await tx.execute(
    sql`select ${COLUMNS} from alunos a left join users u on u.id = a.user_id where a.id = ${alunoId}`))[0]);
  if (!row) throw notFound();
  return toRecord(row);
}

export async function unidadeNames(session: TenantSession): Promise<string[]> {
  assertCan(session, "people");
  return withTenant(session, async (tx) =>
    rowsOf<{ name: string }>(await tx.execute(sql`select name from unidades order by name`)).map((r) => r.name));
}

// The friendly checks before writing; the constraints decide under concurrency.
async function assertFree(tx: Tx, fields: AlunoFields, exceptId: string | null): Promise<void> {
  if (fields.matricula) {
    const r = await tx.execute(sql`select 1 from alunos where matricula = ${fields.matricula}
      ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`);
    if (rowsOf(r).length) throw new AppError("CONFLICT", MATRICULA_TAKEN, { matricula: MATRICULA_TAKEN });
  }
  if (fields.cpf) {
    const r = await tx.execute(sql`select 1 from alunos where cpf = ${fields.cpf}
      ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`);
    if (rowsOf(r).length) throw new AppError("CONFLICT", CPF_TAKEN, { cpf: CPF_TAKEN });
  }
  if (fields.unidade) {
    const r = await tx.execute(sql`select 1 from unidades where name = ${fields.unidade}`);
    if (!rowsOf(r).length) throw new AppError("VALIDATION", "Unidade inexistente.", { unidade: "Unidade inexistente." });
  }
}

const SET_FIELDS = (f: AlunoFields) => sql`nome = ${f.nome}, matricula = ${f.matricula}, cpf = ${f.cpf}, data_nascimento = ${f.dataNascimento},
  responsavel_nome = ${f.responsavelNome}, responsavel_telefone = ${f.responsavelTelefone}, unidade = ${f.unidade},
  serie = ${f.serie}, turma = ${f.turma}, ano_letivo = ${f.anoLetivo}, status = ${f.status}, updated_at = now()`;

/**
 * Creates a student. With an e-mail, the student also gets a login, through
 * the same door as /admin/usuarios (addByEmail): a new account is created with
 * a temporary password and linked at once; an existing account is invited, and
 * the record becomes theirs (their name and phone copied in by the aluno
 * trigger) only when they accept.
 */
export async function createAluno(
  session: TenantSession,
  fields: AlunoFields,
  email: string | null,
): Promise<{ id: string; tempPassword: string | null; invited: boolean }> {
  assertCan(session, "people");
  const temp = email ? generateTempPassword() : null;
  const hash = temp ? await hashPassword(temp) : null;
  return mapPeopleErrors(() => withTenant(session, async (tx) => {
    await assertFree(tx, fields, null);
    const f = fields;
    const [row] = rowsOf<{ id: string }>(await tx.execute(sql`insert into alunos (tenant_id, nome, matricula, cpf,
        data_nascimento, responsavel_nome, responsavel_telefone, unidade, serie, turma, ano_letivo, status)
      values (${session.tenantId}, ${f.nome}, ${f.matricula}, ${f.cpf}, ${f.dataNascimento}, ${f.responsavelNome},
        ${f.responsavelTelefone}, ${f.unidade}, ${f.serie}, ${f.turma}, ${f.anoLetivo}, ${f.status}) returning id`));
    if (!email || !hash) return { id: row.id, tempPassword: null, invited: false };
    const added = await addByEmail(tx, { email, name: fields.nome, role: "aluno" }, hash, row.id);
    if (added.outcome === "invited") return { id: row.id, tempPassword: null, invited: true };
    // The trigger copied the account's name over the form's: the school's record wins.
    const [linked] = rowsOf<{ id: string }>(await tx.execute(sql`update alunos set ${SET_FIELDS(fields)}
      where id = ${row.id} and user_id = ${added.userId} returning id`));
    if (!linked) throw new AppError("CONFLICT", "Esta pessoa já tem um cadastro de aluno nesta escola.", { email: "Esta pessoa já tem um cadastro de aluno nesta escola." });
    return { id: row.id, tempPassword: added.outcome === "created" ? temp : null, invited: false };
  }));
}

/** Edits a student of this school; another school's id is not found. */
export async function updateAluno(session: TenantSession, alunoId: string, fields: AlunoFields): Promise<void> {
  assertCan(session, "people");
  if (!isUuid(alunoId)) throw notFound();
  await mapPeopleErrors(() => withTenant(session, async (tx) => {
    const exists = rowsOf(await tx.execute(sql`select 1 from alunos where id = ${alunoId}`)).length > 0;
    if (!exists) throw notFound();
    await assertFree(tx, fields, alunoId);
    await tx.execute(sql`update alunos set ${SET_FIELDS(fields)} where id = ${alunoId}`);
  }));
}

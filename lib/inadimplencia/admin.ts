import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Tx } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { ACTIVE_KEY_COLUMNS } from "./active-key";
import type { InadimplenteInput, NewInadimplenteInput } from "./admin-input";
import type { AlunoRef } from "./link";

export interface InadimplenteDetail {
  id: string;
  codigoInadim: string | null;
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
  mesesInadim: number | null;
  isActive: boolean;
  source: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
  deletedReason: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  /** The student's code as the file gave it, and the linked student (issue 16). */
  codigoAluno: string | null;
  aluno: AlunoRef | null;
}

const notFound = () => new AppError("NOT_FOUND", "Registro não encontrado.");

export const ACTIVE_KEY_TAKEN =
  "Já existe um registro ativo para este aluno (mesmo nome, responsável, escola e código do aluno). Edite aquele registro em vez deste.";

/**
 * A malformed id is answered like another school's id: not found. Checking the
 * shape first keeps PostgreSQL from failing on the uuid cast (a 500).
 */
function assertId(id: string): void {
  if (!z.uuid().safeParse(id).success) throw notFound();
}

export const ANONYMISED =
  "Este registro foi anonimizado (LGPD): não volta à lista nem recebe os dados de volta. Se o débito existir, cadastre um registro novo.";

/**
 * The database's refusals a form can show: the partial unique index
 * `inadimplentes_active_key`, and an anonymised row (RM005, migration 0019).
 */
async function guardActiveKey<T>(work: Promise<T>, fields?: Record<string, string>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (pgCode(e) === "23505") throw new AppError("CONFLICT", ACTIVE_KEY_TAKEN, fields);
    if (pgCode(e) === "RM005") throw new AppError("CONFLICT", ANONYMISED);
    throw e;
  }
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

export async function getInadimplente(session: TenantSession, id: string): Promise<InadimplenteDetail> {
  assertCan(session, "inadimplentes.read");
  assertId(id);
  const row = await withTenant(session, async (tx) =>
    rowsOf<InadimplenteDetail>(await tx.execute(sql`select i.id, i.codigo_inadim as "codigoInadim",
        i.student_name as "studentName", i.guardian1_name as "guardian1Name", i.student_escola as "studentEscola",
        i.meses_inadim as "mesesInadim", i.is_active as "isActive", i.source, i.deleted_at as "deletedAt",
        d.name as "deletedBy", i.deleted_reason as "deletedReason", i.created_at as "createdAt",
        i.updated_at as "updatedAt", u.name as "updatedBy", i.codigo_aluno as "codigoAluno",
        case when a.id is not null then json_build_object('id', a.id, 'nome', a.nome, 'matricula', a.matricula,
          'serie', a.serie, 'turma', a.turma, 'unidade', a.unidade, 'status', a.status) end as aluno
      from inadimplentes i
      left join users u on u.id = i.updated_by
      left join users d on d.id = i.deleted_by
      left join alunos a on a.tenant_id = i.tenant_id and a.id = i.aluno_id
      where i.id = ${id}`))[0]);
  if (!row) throw notFound();
  // postgres.js may hand json back as text, depending on how the value is typed.
  const aluno = typeof row.aluno === "string" ? (JSON.parse(row.aluno) as AlunoRef) : row.aluno;
  return { ...row, aluno, deletedAt: iso(row.deletedAt), createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)! };
}

/**
 * Creates a row, or updates the active row with the same key (normalised
 * student, guardian and school, and no student code: the form has none)
 * instead of duplicating it — the seed's upsert,
 * race-free because the unique index decides. A field left blank keeps the
 * existing row's code or months rather than erasing them. The audit trigger records it.
 */
export async function createInadimplente(
  session: TenantSession,
  input: NewInadimplenteInput,
): Promise<{ id: string; created: boolean }> {
  assertCan(session, "inadimplentes.write");
  return withTenant(session, async (tx) => {
    const alunoId = input.codigoAluno === null ? null : await studentWithCode(tx, input.codigoAluno);
    const r = rowsOf<{ id: string; created: boolean }>(await tx.execute(sql`insert into inadimplentes
        (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola, meses_inadim, codigo_aluno, aluno_id,
         source, created_by, updated_by)
      values (${session.tenantId}, ${input.codigoInadim}, ${input.studentName}, ${input.guardian1Name},
              ${input.studentEscola}, ${input.mesesInadim}, ${input.codigoAluno}, ${alunoId},
              'manual', ${session.userId}, ${session.userId})
      on conflict ${ACTIVE_KEY_COLUMNS} where is_active
      do update set student_name = excluded.student_name, guardian1_name = excluded.guardian1_name,
        student_escola = excluded.student_escola,
        codigo_inadim = coalesce(excluded.codigo_inadim, inadimplentes.codigo_inadim),
        meses_inadim = coalesce(excluded.meses_inadim, inadimplentes.meses_inadim),
        aluno_id = coalesce(excluded.aluno_id, inadimplentes.aluno_id)
      returning id, (xmax = 0) as created`));
    return { id: r[0].id, created: Boolean(r[0].created) };
  });
}

/**
 * The student a typed code names. A file's unknown code is a warning and the
 * row stays unlinked, since a file cannot be corrected on the spot; a person
 * typing can, so the form refuses it instead of adding a row that would block
 * by name every student so called.
 */
async function studentWithCode(tx: Tx, code: string): Promise<string> {
  const [aluno] = rowsOf<{ id: string }>(await tx.execute(sql`select id from alunos
    where tenant_id = (select app_tenant()) and matricula = ${code}`));
  if (aluno) return aluno.id;
  const message = `Nenhum aluno com a matrícula ${code} nesta escola.`;
  throw new AppError("VALIDATION", "Corrija os campos indicados.", { codigoAluno: message });
}

async function updateOne(tx: Tx, id: string, set: SQL, where: SQL = sql`true`): Promise<boolean> {
  const r = rowsOf<{ id: string }>(await tx.execute(sql`update inadimplentes set ${set}
    where id = ${id} and ${where} returning id`));
  return r.length > 0;
}

/** Edits a row; a change that makes it collide with another active row is refused. */
export async function updateInadimplente(session: TenantSession, id: string, input: InadimplenteInput): Promise<void> {
  assertCan(session, "inadimplentes.write");
  assertId(id);
  const done = await guardActiveKey(withTenant(session, (tx) => updateOne(tx, id, sql`codigo_inadim = ${input.codigoInadim},
      student_name = ${input.studentName}, guardian1_name = ${input.guardian1Name},
      student_escola = ${input.studentEscola}, meses_inadim = ${input.mesesInadim}`)),
  { studentName: ACTIVE_KEY_TAKEN });
  if (!done) throw notFound();
}

/** Takes a row off the active list, keeping it and saying why; never a hard delete. */
export async function softDeleteInadimplente(session: TenantSession, id: string, reason: string): Promise<void> {
  assertCan(session, "inadimplentes.write");
  assertId(id);
  if (!reason.trim()) throw new AppError("VALIDATION", "Informe o motivo da exclusão.", { reason: "Informe o motivo da exclusão." });
  await withTenant(session, async (tx) => {
    const done = await updateOne(tx, id, sql`is_active = false, deleted_at = now(), deleted_by = ${session.userId},
      deleted_reason = ${reason}`, sql`is_active`);
    if (!done) await explainMiss(tx, id, "Este registro já está excluído.");
  });
}

/** Puts a row back on the active list, unless another active row already holds its key. */
export async function restoreInadimplente(session: TenantSession, id: string): Promise<void> {
  assertCan(session, "inadimplentes.write");
  assertId(id);
  await guardActiveKey(withTenant(session, async (tx) => {
    const done = await updateOne(tx, id, sql`is_active = true, deleted_at = null, deleted_by = null,
      deleted_reason = null`, sql`not is_active`);
    if (!done) await explainMiss(tx, id, "Este registro já está ativo.");
  }));
}

/** An update that touched nothing: the row is invisible (not found) or already in the wanted state. */
async function explainMiss(tx: Tx, id: string, already: string): Promise<never> {
  const seen = rowsOf(await tx.execute(sql`select 1 from inadimplentes where id = ${id}`));
  throw seen.length ? new AppError("CONFLICT", already) : notFound();
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { ANO_ATUAL } from "@/lib/rematricula/ano";
import type { ExistingStudent } from "./plan";

type Raw = Omit<ExistingStudent, "hasLogin"> & { hasLogin: boolean };

/**
 * Everything the plan compares the file with, read in the request's school.
 * `lock` (the commit) locks the students' rows, so an edit by hand cannot land
 * between the plan and the writes and be silently overwritten.
 */
export async function readSchool(tx: Tx, lock: boolean): Promise<{
  students: ExistingStudent[]; unidades: string[]; schoolYear: number;
}> {
  const students = rowsOf<Raw>(await tx.execute(sql`select a.id, a.nome, a.matricula, a.cpf,
      a.data_nascimento::text as "dataNascimento", a.responsavel_nome as "responsavelNome",
      a.responsavel_telefone as "responsavelTelefone", a.unidade, a.serie, a.turma, a.ano_letivo as "anoLetivo",
      a.status, a.user_id is not null as "hasLogin"
    from alunos a where a.tenant_id = (select app_tenant())
    order by a.id ${lock ? sql`for update` : sql``}`));
  const unidades = rowsOf<{ name: string }>(await tx.execute(sql`select name from unidades
    where tenant_id = (select app_tenant()) order by name`)).map((r) => r.name);
  const [{ year }] = rowsOf<{ year: number }>(await tx.execute(sql`select ${ANO_ATUAL} as year`));
  return {
    students: students.map((s) => ({ ...s, anoLetivo: s.anoLetivo === null ? null : Number(s.anoLetivo) })),
    unidades,
    schoolYear: Number(year),
  };
}

/** The business columns of a student as one JSON value: the batch's before and after, compared by undo. */
export const SNAPSHOT = sql`jsonb_build_object('matricula', a.matricula, 'nome', a.nome, 'cpf', a.cpf,
  'data_nascimento', a.data_nascimento, 'responsavel_nome', a.responsavel_nome,
  'responsavel_telefone', a.responsavel_telefone, 'unidade', a.unidade, 'serie', a.serie, 'turma', a.turma,
  'ano_letivo', a.ano_letivo, 'status', a.status)`;

import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cancelRematricula } from "@/lib/rematricula/cancel";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

/**
 * A school in 2026 at the end of its campaign for 2027, with one student of
 * each kind the turn treats differently (check and enforcement on).
 */
export async function endOfCampaign(db: Db) {
  const secretaria = await makeSchool(db, { enforcementServerEnabled: true });
  const { tenantId } = secretaria;
  const admin = await makeStaff(db, tenantId, ["admin"]);
  const aluno = (nome: string, serie: string | null, status = "ativo") =>
    makeAluno(db, tenantId, { nome, serie, turma: "B", status });
  const ids = {
    promovida: await aluno("Ana Promovida", "5º ano"),
    formanda: await aluno("Bia Formanda", "3ª série EM"),
    semRematricula: await aluno("Caio Sem Rematrícula", "5º ano"),
    devedor: await aluno("Davi Devedor", "9º ano"),
    inativa: await aluno("Eva Inativa", "2º ano", "inativo"),
    cancelado: await aluno("Fábio Cancelado", "1º ano"),
    especial: await aluno("Gil Turma Especial", "Turma Especial"),
  };
  await makeInadimplente(db, tenantId, { studentName: "DAVI DEVEDOR", meses: 4 });
  for (const id of [ids.promovida, ids.formanda, ids.cancelado, ids.especial]) await finalizeRematricula(secretaria, id);
  await cancelRematricula(admin, ids.cancelado, "Mudou de cidade");
  return { secretaria, admin, tenantId, ids };
}

/** The school's `ativo` students per série (as the preview names a missing one). */
export async function ativosPorSerie(db: Db, tenantId: string): Promise<Record<string, number>> {
  const rows = await q<{ serie: string; n: number }>(db, sql`select coalesce(serie, 'Sem série') as serie, count(*)::int as n
    from alunos where tenant_id = ${tenantId} and status = 'ativo' group by 1`);
  return Object.fromEntries(rows.map((r) => [r.serie, r.n]));
}

/** Every student's record as the turn may change it, by name. */
export async function alunosState(db: Db, tenantId: string) {
  return q<Record<string, unknown>>(db, sql`select nome, matricula, serie, turma, ano_letivo, status, unidade, user_id
    from alunos where tenant_id = ${tenantId} order by nome`);
}

/** A hash of the rows of tables the turn must not touch, for one school. */
export async function untouched(db: Db, tenantId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ["inadimplentes", "inadimplentes_audit", "liberacoes", "rematriculas", "rematricula_events", "import_batches"]) {
    const [row] = await q<{ h: string | null }>(db, sql`select md5(string_agg(t::text, '|' order by t::text)) as h
      from ${sql.identifier(table)} t where t.tenant_id = ${tenantId}`);
    out[table] = row.h ?? "empty";
  }
  return out;
}

export async function schoolYearOf(db: Db, tenantId: string): Promise<number> {
  const [row] = await q<{ ano: number }>(db, sql`select (value #>> '{}')::int as ano from system_config
    where tenant_id = ${tenantId} and key = 'escola.ano_letivo'`);
  return row.ano;
}

export type School = Awaited<ReturnType<typeof endOfCampaign>>;

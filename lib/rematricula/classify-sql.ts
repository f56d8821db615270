import { sql, type SQL } from "drizzle-orm";
import { matriculaSearch } from "@/lib/people/matricula";
import { ANO_DESTINO } from "./ano";
import type { SituacaoFilter } from "./campaign-query";

export interface CampaignFilters {
  q: string;
  unidade: string;
  serie: string;
  turma: string;
}

/**
 * The students matching the filters, over the alias `a` of alunos. The search
 * finds names (student or guardian) and codes. Names are normalised by the same
 * norm_text as the stored columns, then LIKE's own wildcards are escaped, so
 * "_" or "%" typed by a user match themselves.
 */
export function filterWhere(f: CampaignFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.unidade) parts.push(sql`a.unidade = ${f.unidade}`);
  if (f.serie) parts.push(sql`a.serie = ${f.serie}`);
  if (f.turma) parts.push(sql`a.turma = ${f.turma}`);
  if (f.q) {
    const pattern = sql`'%' || replace(replace(replace(norm_text(${f.q}::text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
    parts.push(sql`(a.nome_norm like ${pattern} or a.responsavel_nome_norm like ${pattern} or ${matriculaSearch(f.q)})`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * CTEs (to follow a `with`) ending in `classified`: each matching student with
 * next year's rematrícula and its situação. Only `concluida` counts as done.
 * "bloqueado" comes from check_inadimplencia_blocked — like check_inadimplencia,
 * a door to the list the secretaria may use, and the same rule
 * (inadimplencia_blocked_in, migration 0032): the school's students blocked
 * now, a set far smaller than the filter, read once and looked up as a hashed
 * set. `classified` is not materialized: a statement that reads it twice (the
 * counts and the page) scans the students twice, which at 3 000 students costs
 * less than writing every wide row to a tuplestore and reading it back, and
 * lets the page's sort see the table's own columns.
 */
export function classifiedCtes(where: SQL): SQL {
  return sql`
    blocked as materialized (select b.aluno_id from check_inadimplencia_blocked() b),
    classified as not materialized (
      select a.id, a.matricula, a.nome, a.nome_norm, a.responsavel_nome, a.unidade, a.serie, a.turma, a.ano_letivo, a.status,
        r.id as r_id, r.ano_letivo as r_ano, r.status as r_status, r.serie_destino as r_serie,
        case
          when r.status = 'concluida' then 'rematriculado'
          when a.status <> 'ativo' then 'indisponivel'
          when a.id in (select aluno_id from blocked) then 'bloqueado'
          else 'pendente' end as situacao,
        r.status is not distinct from 'cancelada' as cancelada
      from alunos a
      left join rematriculas r on r.tenant_id = a.tenant_id and r.aluno_id = a.id and r.ano_letivo = ${ANO_DESTINO}
      where ${where})`;
}

/** The list's situação filter over `classified`. */
export function situacaoWhere(s: SituacaoFilter): SQL {
  if (s === "todos") return sql`true`;
  if (s === "cancelado") return sql`cancelada`;
  return sql`situacao = ${s}`;
}

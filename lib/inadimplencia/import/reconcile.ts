import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { ALUNO_REF_COLUMNS, type AlunoRef } from "@/lib/inadimplencia/link";

type Candidates = Map<number, AlunoRef[]>;

/** The given lines as a set SQL can join, in one parameter. */
const linesParam = (lines: readonly number[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(lines)}::jsonb)::int)`;

/**
 * Up to three students with a similar name for each of the given lines (rows
 * that matched nobody), best first. Trigram similarity ignores word order and
 * rates some different people alike, so these are only ever suggestions shown
 * to finance, who may pick one, never a match. Under RLS the trigram index
 * (alunos_nome_trgm_idx) cannot serve `%` (not leakproof): each row reads the
 * school's students through its btree index and rates them all
 * (docs/benchmarks.md, issue 16: the known cost of the preview).
 */
export async function suggestionsFor(tx: Tx, lines: readonly number[]): Promise<Candidates> {
  if (lines.length === 0) return new Map();
  return grouped(rowsOf<AlunoRef & { line: number }>(await tx.execute(suggestionsQuery(lines))));
}

/** The suggestions' query, apart so the benchmark can show its plan (docs/benchmarks.md). */
export function suggestionsQuery(lines: readonly number[]): SQL {
  return sql`select s.line, ${ALUNO_REF_COLUMNS}
      from import_stage s cross join lateral (
        select a.* from alunos a
        where a.tenant_id = (select app_tenant()) and a.nome_norm % s.name_norm
          and similarity(a.nome_norm, s.name_norm) > 0.3
        order by similarity(a.nome_norm, s.name_norm) desc, a.nome, a.id
        limit 3) a
      where s.line in ${linesParam(lines)}
      order by s.line, similarity(a.nome_norm, s.name_norm) desc, a.nome, a.id`;
}

/**
 * The students carrying each given line's name (rows of homonyms), for finance
 * to tell apart by code, class and unidade and choose from. Capped: a name
 * shared by more than twenty students is not chosen from a list.
 */
export async function homonymsFor(tx: Tx, lines: readonly number[]): Promise<Candidates> {
  if (lines.length === 0) return new Map();
  return grouped(rowsOf<AlunoRef & { line: number }>(
    await tx.execute(sql`select s.line, ${ALUNO_REF_COLUMNS}
      from import_stage s cross join lateral (
        select a.* from alunos a
        where a.tenant_id = (select app_tenant()) and a.nome_norm = s.name_norm
        order by a.nome, a.matricula, a.id
        limit 20) a
      where s.line in ${linesParam(lines)}
      order by s.line, a.nome, a.matricula, a.id`),
  ));
}

function grouped(rows: (AlunoRef & { line: number })[]): Candidates {
  const out: Candidates = new Map();
  for (const { line, ...ref } of rows) {
    const list = out.get(Number(line)) ?? [];
    list.push(ref);
    out.set(Number(line), list);
  }
  return out;
}

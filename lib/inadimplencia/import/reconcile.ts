import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { ALUNO_REF_COLUMNS, type AlunoRef } from "@/lib/inadimplencia/link";
import { normText } from "@/lib/inadimplencia/norm-text";

export type Candidates = Map<number, AlunoRef[]>;

/** The given lines as a set SQL can join, in one parameter. */
const linesParam = (lines: readonly number[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(lines)}::jsonb)::int)`;

/**
 * Up to three students with a similar name for each of the given staged lines
 * (rows that matched nobody), best first; suggestionsByName does the same for
 * names sent back by the preview's later pages.
 */
export async function suggestionsFor(tx: Tx, lines: readonly number[]): Promise<Candidates> {
  if (lines.length === 0) return new Map();
  return grouped(rowsOf<AlunoRef & { line: number }>(await tx.execute(suggestionsQuery(stagedNames(lines)))));
}

/** The staged names of the given lines, as the relation suggestionsQuery reads. */
export const stagedNames = (lines: readonly number[]) =>
  sql`(select line, name_norm from import_stage where line in ${linesParam(lines)}) s`;

/**
 * suggestionsFor, for names rather than staged lines: a later page of the
 * preview sends its unmatched rows' names back. Each name is normalised by
 * normText, as the staging normalises it (stage.ts), so a name gets the
 * suggestions it would get staged.
 */
export async function suggestionsByName(tx: Tx, names: readonly { line: number; name: string }[]): Promise<Candidates> {
  if (names.length === 0) return new Map();
  return grouped(rowsOf<AlunoRef & { line: number }>(await tx.execute(suggestionsQuery(givenNames(names)))));
}

/** The given names, normalised, as the relation suggestionsQuery reads. */
export function givenNames(names: readonly { line: number; name: string }[]): SQL {
  const json = JSON.stringify(names.map(({ line, name }) => ({ line, name_norm: normText(name) })));
  return sql`json_to_recordset(${json}::json) as s(line integer, name_norm text)`;
}

/**
 * The suggestions' query over `names`, a relation `s(line, name_norm)`; apart
 * so the benchmark and a test can show its plan (docs/benchmarks.md).
 *
 * Trigram similarity ignores word order and rates some different people alike,
 * so these are only ever suggestions shown to finance, who may pick one, never
 * a match. Each name costs one ordered scan of alunos_tenant_nome_trgm_gist_idx
 * (migration 0026): the school is its index condition and the trigram distance
 * (1 − similarity) its order, stopped after three students. The threshold and
 * the tie-break are applied to those three outside the LIMIT, so the index
 * keeps giving the order; students tied at the third place's distance may come
 * in any order of theirs.
 */
export function suggestionsQuery(names: SQL): SQL {
  return sql`select s.line, ${ALUNO_REF_COLUMNS}
      from ${names} cross join lateral (
        select a.* from alunos a
        where a.tenant_id = (select app_tenant())
        order by a.nome_norm <-> s.name_norm
        limit 3) a
      where similarity(a.nome_norm, s.name_norm) > 0.3
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

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";

/**
 * Matches every staged row against the school's students by normalised name,
 * in one statement: how many students carry the name (0, 1, several) and, when
 * exactly one does, which. Homonyms stay "several": the import never picks one.
 */
export async function reconcileStage(tx: Tx): Promise<void> {
  await tx.execute(sql`update import_stage s set match_count = m.n,
      aluno_id = case when m.n = 1 then m.aluno_id end,
      aluno_nome = case when m.n = 1 then m.nome end
    from (
      select s2.line, count(a.id)::int as n, min(a.id::text)::uuid as aluno_id, min(a.nome) as nome
      from import_stage s2
      left join alunos a on a.tenant_id = (select app_tenant()) and a.nome_norm = s2.name_norm
      group by s2.line
    ) m
    where m.line = s.line`);
}

/**
 * Up to three students with a similar name for each of the given lines (rows
 * that matched nobody), best first. Trigram similarity ignores word order and
 * rates some different people alike, so these are only ever suggestions shown
 * to finance, never a match. `%` lets the GIN trigram index on alunos.nome_norm
 * find the candidates; it means similarity above pg_trgm's threshold (0.3).
 */
export async function suggestionsFor(tx: Tx, lines: readonly number[]): Promise<Map<number, string[]>> {
  if (lines.length === 0) return new Map();
  const rows = rowsOf<{ line: number; names: string[] }>(
    await tx.execute(sql`select s.line, array(
        select a.nome from alunos a
        where a.tenant_id = (select app_tenant()) and a.nome_norm % s.name_norm
          and similarity(a.nome_norm, s.name_norm) > 0.3
        order by similarity(a.nome_norm, s.name_norm) desc, a.nome
        limit 3) as names
      from import_stage s
      where s.line in (select jsonb_array_elements_text(${JSON.stringify(lines)}::jsonb)::int)`),
  );
  return new Map(rows.map((r) => [Number(r.line), r.names ?? []]));
}

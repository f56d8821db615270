import { sql, type SQL } from "drizzle-orm";

/**
 * The (list row, student) pairs the rule accepts, as one join per way to
 * match, for list rows that are not in the table itself (staged rows made
 * into `inadimplentes` records) or are many (a whole list).
 *
 * Asked as one probe per row, the rule's OR (linked to the student, or
 * unlinked with the student's name) costs a bitmap OR of two index scans per
 * row: 7.6 s for the 100 000 rows of an import's preview (docs/benchmarks.md).
 * Each arm here adds to the rule only the equality that gives the planner a
 * join key — a matching row is either linked to the student (aluno_id = a.id)
 * or unlinked with the student's name (aluno_id IS NULL and the names equal),
 * the rule's two disjuncts — and still filters by inadimplencia_matches, so
 * the arms together return exactly the pairs the rule accepts (the same
 * reasoning as check_inadimplencia_in, migration 0020).
 *
 * `from` is a relation, `row` its record expression of type inadimplentes,
 * `keys` its link and normalised name as plain columns (the planner has no
 * statistics on a record's fields, and took them for a couple of rows), and
 * `columns` what each pair returns (the student is `a`, the flags `cfg`).
 */
export function matchPairs(opts: {
  from: SQL; row: SQL; keys: { alunoId: SQL; nameNorm: SQL }; columns: SQL; where?: SQL;
}): SQL {
  const where = opts.where ?? sql`true`;
  const arm = (on: SQL) => sql`select ${opts.columns}
    from ${opts.from}
    cross join inadimplencia_match_cfg((select app_tenant())) cfg
    join alunos a on a.tenant_id = (select app_tenant()) and ${on}
    where ${where} and inadimplencia_matches(${opts.row}, a, cfg.require_guardian, cfg.require_same_school)`;
  const { alunoId, nameNorm } = opts.keys;
  return sql`${arm(sql`a.id = ${alunoId}`)}
    union all
    ${arm(sql`${alunoId} is null and a.nome_norm = ${nameNorm}`)}`;
}

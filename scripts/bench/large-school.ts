/**
 * The large case of the load benchmark (issue 20): Colégio Pelicano grown to
 * 3 000 students with 100 000 active rows on its list — as in real finance
 * files, almost all of them children who do not study there; 300 are its own
 * students (the demo's 30 plus 270 of the added ones). Set-based inserts over
 * generate_series, so seeding takes seconds; the caller runs VACUUM ANALYZE.
 */
import type { Sql } from "postgres";
import { FIRST_NAMES, GUARDIAN_FIRST, SURNAMES } from "@/scripts/seed/names";

export const LARGE_STUDENTS = 3_000;
export const LARGE_LIST_ROWS = 100_000;
const DEMO_STUDENTS = 300; // Pelicano in scripts/seed/demo.ts
const DEMO_LISTED = 30;
const ENROLLED_LISTED = 300;

export async function seedLargeSchool(db: Sql, tenantId: string): Promise<void> {
  const [{ n: before }] = await db`select count(*)::int as n from alunos where tenant_id = ${tenantId}`;
  if (before !== DEMO_STUDENTS) throw new Error(`expected ${DEMO_STUDENTS} demo students, found ${before}`);
  // Students i = 300…2999: "First Surname Surname", the index scrambled by a prime
  // coprime with 50·30·30 so the names are distinct and unsorted; the other columns
  // are borrowed from a demo student. Matrículas continue the demo's 001001….
  await db`insert into alunos (tenant_id, matricula, nome, responsavel_nome, responsavel_telefone, unidade, serie, turma,
      ano_letivo, data_nascimento)
    select ${tenantId}, lpad((1001 + g.i)::text, 6, '0'),
      f[1 + k % 50] || ' ' || s[1 + (k / 50) % 30] || ' ' || s[1 + (k / 1500) % 30],
      gf[1 + g.i % 20] || ' ' || s[1 + (k / 50) % 30] || ' ' || s[1 + (k / 1500) % 30],
      d.responsavel_telefone, d.unidade, d.serie, d.turma, d.ano_letivo, d.data_nascimento
    from generate_series(${DEMO_STUDENTS}::int, ${LARGE_STUDENTS - 1}::int) as g(i)
    cross join lateral (select (g.i::bigint * 7919) % 45000 as k) as kk
    cross join (select ${FIRST_NAMES}::text[] as f, ${SURNAMES}::text[] as s, ${GUARDIAN_FIRST}::text[] as gf) as names
    join (select row_number() over (order by matricula) - 1 as j, * from alunos where tenant_id = ${tenantId}) as d
      on d.j = g.i % ${DEMO_STUDENTS}::int`;
  // 270 of the added students on the list (every tenth), written as finance writes them.
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola, meses_inadim, source)
    select tenant_id, 'BENCH-E' || matricula, case when n % 2 = 0 then upper(nome) else nome end,
      responsavel_nome, unidade, 1 + n % 14, 'bench'
    from (select a.*, row_number() over (order by matricula) as n from alunos a
          where tenant_id = ${tenantId} and matricula > lpad(${String(1000 + DEMO_STUDENTS)}::text, 6, '0')
            and (matricula::int - 1001) % 10 = 3) as listed`;
  // The rest: children of other schools, "First Surname Surname Surname" — four words,
  // so none is one of the school's three-word students — a bijection of n over 50·30³.
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola, meses_inadim, source)
    select ${tenantId}, 'BENCH-' || g.n,
      case when g.n % 3 = 0 then upper(nm) else nm end,
      gf[1 + g.n % 20] || ' ' || s[1 + (k / 50) % 30], 'Escola ' || (1 + g.n % 400), 1 + g.n % 14, 'bench'
    from generate_series(1, ${LARGE_LIST_ROWS - ENROLLED_LISTED}::int) as g(n)
    cross join lateral (select (g.n::bigint * 7919) % 1350000 as k) as kk
    cross join (select ${FIRST_NAMES}::text[] as f, ${SURNAMES}::text[] as s, ${GUARDIAN_FIRST}::text[] as gf) as names
    cross join lateral (select f[1 + k % 50] || ' ' || s[1 + (k / 50) % 30] || ' ' || s[1 + (k / 1500) % 30] || ' ' ||
      s[1 + (k / 45000) % 30] as nm) as built`;
  const [c] = await db`select (select count(*) from alunos where tenant_id = ${tenantId})::int as students,
      (select count(*) from inadimplentes where tenant_id = ${tenantId} and is_active)::int as listed,
      (select count(distinct a.id) from alunos a join inadimplentes i on i.tenant_id = a.tenant_id and i.is_active
         and i.student_name_norm = a.nome_norm where a.tenant_id = ${tenantId})::int as enrolled_listed`;
  if (c.students !== LARGE_STUDENTS || c.listed !== LARGE_LIST_ROWS) {
    throw new Error(`large school seeded wrong: ${JSON.stringify(c)}`);
  }
  console.log(`[load] large school: ${c.students} students, ${c.listed} active list rows, ` +
    `${c.enrolled_listed} students whose name is on the list (${DEMO_LISTED} demo + ${ENROLLED_LISTED - DEMO_LISTED} added, plus homonyms)`);
}

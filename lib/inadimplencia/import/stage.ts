import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { type CopyValue, copyInto } from "@/db/copy";
import { ACTIVE_KEY_MATCH, CODE_NORM, HELD_MATCH, WITHOUT_CODE } from "@/lib/inadimplencia/active-key";
import { isUuid } from "@/lib/inadimplencia/check";
import { normText } from "@/lib/inadimplencia/norm-text";
import { AppError } from "@/lib/errors";
import { parseMatricula } from "@/lib/people/matricula";
import type { HeldKey, ImportRow, LineIssue } from "./types";

/**
 * Loads the rows once into a temporary table that lives only as long as the
 * transaction (ON COMMIT DROP, and a rollback drops it too), so every later step
 * is a handful of set-based statements rather than a query per row. Rows travel
 * by COPY (copyInto), a slice of text at a time: as JSON chunks through
 * json_to_recordset they cost 2.1–2.8 s of 100 000 rows' staging
 * (docs/benchmarks.md).
 *
 * The keys are normalised here by normText, the TypeScript twin of SQL norm_text
 * (a test holds the two to agreement): norm_text costs more than the rest of the
 * staging together. Once all rows are in, each is classified against the
 * active list: new, updated, or unchanged (identical raw values, hence the
 * same key in SQL too — the only class the commit skips).
 *
 * The keys of the file's invalid rows go to a second table, import_held, which
 * only keeps their list rows from being deactivated in replace mode.
 *
 * Each row also gets the student it will be linked to (`link_aluno_id`, issue
 * 16): the student whose matrícula the row's code is; else the student the
 * active row is linked to already (by hand, or by an earlier file); else, for
 * a row without a code, the one student carrying its name. A code that names
 * nobody links nothing (unknownCodeWarnings says so with the line).
 *
 * A student finance chose in the preview (`choices`: line → student id, for a
 * row of homonyms or of no match) comes before all of these: it is a person's
 * decision about that very row. The student must be one of the school's
 * (checkChoices refuses the file otherwise).
 */
export async function stageRows(
  tx: Tx,
  rows: readonly ImportRow[],
  opts: { held?: readonly HeldKey[]; choices?: Choices } = {},
): Promise<void> {
  const choices = validChoices(rows, opts.choices ?? {});
  // The file's rows as they are, then every lookup at once: per chunk, the
  // lookups were a probe of the students per row (163 ms a chunk of 2 000,
  // the index chosen being the trigram one); over the whole table they are
  // hash joins.
  await tx.execute(sql`create temp table import_rows (
      line integer, codigo_inadim text, student_name text, guardian1_name text, student_escola text,
      meses_inadim integer, name_norm text, guardian_norm text, escola_norm text, codigo_aluno text, code_key text,
      chosen_aluno_id uuid
    ) on commit drop`);
  await copyInto(tx, "import_rows", STAGED_COLUMNS, stagedValues(rows, choices));
  // Statistics of the columns the statement below joins on only: the file's
  // values as given are just carried along, and sorting their text was most
  // of ANALYZE's time (about half of it for 100 000 rows).
  await tx.execute(sql`analyze import_rows (name_norm, guardian_norm, escola_norm, codigo_aluno, code_key, chosen_aluno_id)`);
  await tx.execute(sql`create temp table import_stage on commit drop as
      select s.line, s.codigo_inadim, s.student_name, s.guardian1_name, s.student_escola, s.meses_inadim,
        s.name_norm, s.guardian_norm, s.escola_norm, s.code_norm, i.id as existing_id,
        case when i.id is null then 'new'
          when (i.codigo_inadim, i.meses_inadim, i.student_name, i.guardian1_name, i.student_escola, i.codigo_aluno, i.aluno_id)
            is not distinct from (s.codigo_inadim, s.meses_inadim, s.student_name, s.guardian1_name, s.student_escola,
              s.codigo_aluno, l.aluno_id)
          then 'unchanged' else 'updated' end as action,
        case when c.id is not null then 1 else coalesce(m.n, 0) end as match_count,
        coalesce(c.id, case when m.n = 1 then m.aluno_id end) as aluno_id,
        coalesce(c.nome, case when m.n = 1 then m.nome end) as aluno_nome,
        s.codigo_aluno, c.id as code_aluno_id, s.chosen_aluno_id, l.aluno_id as link_aluno_id, false as adopted
      from (select r.*, ${CODE_NORM(sql`r.codigo_aluno`)} as code_norm from import_rows r) s
      left join inadimplentes i on i.tenant_id = (select app_tenant()) and i.is_active and ${ACTIVE_KEY_MATCH}
      left join alunos c on c.tenant_id = (select app_tenant()) and c.matricula = s.code_key
      left join alunos ch on ch.tenant_id = (select app_tenant()) and ch.id = s.chosen_aluno_id
      ${RECONCILE_JOIN}
      cross join lateral (select coalesce(ch.id, c.id, i.aluno_id,
        case when s.codigo_aluno is null and m.n = 1 then m.aluno_id end) as aluno_id) l`);
  await tx.execute(sql`drop table import_rows`);
  await tx.execute(sql`alter table import_stage add primary key (line)`);
  await checkChoices(tx);
  await holdKeys(tx, opts.held ?? []);
  // Statistics first: without them the planner guesses a few rows and may pick
  // nested loops for the 100 000-row joins below and in the caller. Of the
  // columns later statements filter, join or sort on (not the values as given).
  await tx.execute(sql`analyze import_stage (line, name_norm, guardian_norm, escola_norm, code_norm, existing_id,
    action, adopted, match_count, chosen_aluno_id, link_aluno_id, codigo_aluno, code_aluno_id)`);
  // The front half already keeps only the later of two rows with one key; this
  // holds it here too, since the upsert cannot touch one row twice.
  await tx.execute(sql`delete from import_stage s using import_stage d
    where d.name_norm = s.name_norm and d.guardian_norm = s.guardian_norm and d.escola_norm = s.escola_norm
      and d.code_norm = s.code_norm and d.line > s.line`);
  await adoptRowsWithoutCode(tx);
}

/**
 * A file that now carries students' codes names rows the list holds without
 * one (typed by hand, or from files without the column). Such a row is the
 * same debt: the file's row with a code updates it (`adopted`) instead of
 * adding a second row that would keep blocking every homonym by name. Each
 * row without a code is taken by one line at most, the first; a row the file
 * names exactly, without a code, stays that line's.
 */
async function adoptRowsWithoutCode(tx: Tx): Promise<void> {
  await tx.execute(sql`update import_stage t set existing_id = a.id, action = 'updated', adopted = true,
      link_aluno_id = coalesce(t.link_aluno_id, a.aluno_id)
    from (
      select distinct on (i.id) i.id, i.aluno_id, s.line
      from import_stage s
      join inadimplentes i on i.tenant_id = (select app_tenant()) and i.is_active and ${HELD_MATCH} and ${WITHOUT_CODE}
      where s.existing_id is null and s.code_norm <> ''
        and not exists (select 1 from import_stage x where x.existing_id = i.id)
      order by i.id, s.line
    ) a
    where t.line = a.line`);
}

/**
 * How many of the school's students carry the row's normalised name (0, 1,
 * several) and, when exactly one does, which. Homonyms stay "several": the
 * import never picks one.
 */
const RECONCILE_JOIN = sql`left join (
    select a.nome_norm, count(*)::int as n, min(a.id::text)::uuid as aluno_id, min(a.nome) as nome
    from alunos a
    where a.tenant_id = (select app_tenant()) and a.nome_norm in (select name_norm from import_rows)
    group by a.nome_norm
  ) m on m.nome_norm = s.name_norm`;

// Guardians and schools repeat across a file; normText is the costly part of
// staging the rows.
function memoNorm(): (value: string | null) => string {
  const seen = new Map<string, string>();
  return (value) => {
    if (value == null) return "";
    let out = seen.get(value);
    if (out === undefined) {
      out = normText(value.replace(/\u0000/g, "")) ?? "";
      if (seen.size < 50_000) seen.set(value, out);
    }
    return out;
  };
}

const STAGED_COLUMNS = ["line", "codigo_inadim", "student_name", "guardian1_name", "student_escola", "meses_inadim",
  "name_norm", "guardian_norm", "escola_norm", "codigo_aluno", "code_key", "chosen_aluno_id"];

// PostgreSQL refuses NUL in text (copyInto throws on it); the front half strips
// it, this keeps a stray one from turning into a 500 all the same.
const noNul = (value: string | null) => (value !== null && value.includes("\u0000") ? value.replaceAll("\u0000", "") : value);

// The rows in STAGED_COLUMNS order, made as COPY reads them: one row's values
// at a time, never the whole file's.
function* stagedValues(rows: readonly ImportRow[], choices: Choices): Generator<CopyValue[]> {
  const norm = memoNorm();
  for (const r of rows) {
    const name = noNul(r.studentName) ?? "";
    yield [r.line, noNul(r.codigoInadim), name, noNul(r.guardian1Name), noNul(r.studentEscola), r.mesesInadim,
      normText(name), norm(noNul(r.guardian1Name)), norm(noNul(r.studentEscola)), noNul(r.codigoAluno), codeKey(noNul(r.codigoAluno)),
      choices[r.line] ?? null];
  }
}

// The code as the school stores matrículas (upper case, trimmed); one that
// cannot be a matrícula names no student.
function codeKey(code: string | null): string | null {
  const parsed = parseMatricula(code);
  return parsed.ok ? parsed.matricula : null;
}

/** Students chosen in the preview: file line → student id. */
export type Choices = Readonly<Record<number, string>>;

const staleChoice = (line: number) => new AppError("VALIDATION",
  `O aluno escolhido para a linha ${line} não é um aluno desta escola. Pré-visualize o arquivo de novo e escolha outra vez.`);

// Choices travel from the browser: each must name a valid line of this file
// and look like a student id before it reaches SQL.
function validChoices(rows: readonly ImportRow[], choices: Choices): Choices {
  const lines = new Set(rows.map((r) => r.line));
  for (const [key, id] of Object.entries(choices)) {
    const line = Number(key);
    if (!lines.has(line)) {
      throw new AppError("VALIDATION", `A linha ${key} não é uma linha válida do arquivo: pré-visualize o arquivo de novo.`);
    }
    if (typeof id !== "string" || !isUuid(id)) throw staleChoice(line);
  }
  return choices;
}

// A chosen id that names no student of the school (another school's, or one
// removed since the preview) left the row's link empty or different.
async function checkChoices(tx: Tx): Promise<void> {
  const [bad] = rowsOf<{ line: number }>(await tx.execute(sql`select line from import_stage
    where chosen_aluno_id is not null and link_aluno_id is distinct from chosen_aluno_id order by line limit 1`));
  if (bad) throw staleChoice(Number(bad.line));
}

/** The rows whose student code names no student of the school: warned, and left unlinked. */
export async function unknownCodeWarnings(tx: Tx): Promise<LineIssue[]> {
  const rows = rowsOf<{ line: number; codigo_aluno: string }>(await tx.execute(sql`select line, codigo_aluno
    from import_stage where codigo_aluno is not null and code_aluno_id is null order by line`));
  return rows.map((r) => ({
    line: Number(r.line),
    reason: `Código do aluno “${r.codigo_aluno}” não corresponde a nenhum aluno da escola: o registro fica sem vínculo.`,
  }));
}

async function holdKeys(tx: Tx, held: readonly HeldKey[]): Promise<void> {
  await tx.execute(sql`create temp table import_held (
      name_norm text not null, guardian_norm text not null, escola_norm text not null
    ) on commit drop`);
  const norm = memoNorm();
  await copyInto(tx, "import_held", ["name_norm", "guardian_norm", "escola_norm"],
    held.map((k) => [norm(k.studentName), norm(k.guardian1Name), norm(k.studentEscola)]));
}

/**
 * An active list row (alias `i`) that no valid line of the file names: none has
 * its key, and none took it over (adoptRowsWithoutCode).
 */
export const NOT_NAMED_BY_FILE = sql`not exists (select 1 from import_stage s where ${ACTIVE_KEY_MATCH})
  and not exists (select 1 from import_stage s where s.existing_id = i.id)`;

/**
 * The active rows absent from the file: what replace mode deactivates, preview
 * and commit alike. A row the file holds as invalid is not absent.
 */
export const ABSENT_FROM_FILE = sql`i.tenant_id = (select app_tenant()) and i.is_active
  and ${NOT_NAMED_BY_FILE}
  and not exists (select 1 from import_held s where ${HELD_MATCH})`;

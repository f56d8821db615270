import { sql, type SQL } from "drizzle-orm";

/**
 * The school's own code of a student (matrícula/RA, SPEC §2): what its academic
 * system and its finance exports carry. Text, so leading zeros stay; letters
 * are stored upper case, so "ra-01" and "RA-01" are one code. The database
 * holds the same form (alunos_matricula_format_check).
 */
export type MatriculaParse = { ok: true; matricula: string | null } | { ok: false; message: string };

export const MATRICULA_MAX = 30;
export const MATRICULA_TAKEN = "Matrícula já registrada nesta escola";

const FORMAT = /^[0-9A-Z][0-9A-Z./-]*$/;

/** An empty field is "no code"; anything else must read as a code. */
export function parseMatricula(raw: string | null | undefined): MatriculaParse {
  const typed = (raw ?? "").trim();
  if (typed === "") return { ok: true, matricula: null };
  if (/[\r\n]/.test(typed)) return { ok: false, message: "A matrícula deve ficar em uma só linha." };
  if (typed.length > MATRICULA_MAX) {
    return { ok: false, message: `A matrícula pode ter no máximo ${MATRICULA_MAX} caracteres.` };
  }
  const code = typed.toUpperCase();
  if (!FORMAT.test(code)) {
    return { ok: false, message: "Use na matrícula letras sem acento e números (e ponto, hífen ou barra entre eles)." };
  }
  return { ok: true, matricula: code };
}

/**
 * The lists' search by code, over the alias `a` of alunos: the code itself and
 * every code it starts ("00123" finds 00123 and 001234). A term that cannot be
 * a code (a name, "%", "_") matches nothing here, so no LIKE wildcard can
 * reach the pattern; the prefix is served by alunos_tenant_matricula_key.
 */
export function matriculaSearch(term: string): SQL {
  const code = term.trim().toUpperCase();
  if (!code || code.length > MATRICULA_MAX || !FORMAT.test(code)) return sql`false`;
  return sql`a.matricula like ${`${code}%`}`;
}

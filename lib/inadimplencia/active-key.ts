import { sql, type SQL } from "drizzle-orm";

// One student, guardian and school, over the alias `i` of the list and `s` of
// a staged row (normalised name_norm, guardian_norm, escola_norm).
const SAME_PERSON = sql`i.student_name_norm = s.name_norm
  and coalesce(i.guardian1_name_norm, '') = s.guardian_norm
  and coalesce(i.student_escola_norm, '') = s.escola_norm`;

// The list's natural key, exactly as the partial unique index
// inadimplentes_active_key spells it (migration 0028): the student, guardian
// and school, and the student's code, so two homonyms who both owe are two
// rows. The staging, the preview and the upsert's ON CONFLICT all agree on
// which rows are "the same".
export const ACTIVE_KEY_MATCH = sql`${SAME_PERSON}
  and coalesce(upper(btrim(i.codigo_aluno)), '') = s.code_norm`;

/** The index's columns, for ON CONFLICT. */
export const ACTIVE_KEY_COLUMNS = sql`(tenant_id, student_name_norm, coalesce(guardian1_name_norm, ''),
  coalesce(student_escola_norm, ''), coalesce(upper(btrim(codigo_aluno)), ''))`;

/**
 * The active rows an invalid line of the file keeps in replace mode: all of
 * its student, guardian and school, whatever their codes. Keeping one row too
 * many costs nothing; unblocking a debtor by mistake costs the school.
 */
export const HELD_MATCH = SAME_PERSON;

/** A row without a student code, in the list (alias `i`). */
export const WITHOUT_CODE = sql`coalesce(upper(btrim(i.codigo_aluno)), '') = ''`;

/** A file's code as the key reads it, computed by SQL itself so both sides agree. */
export const CODE_NORM = (code: SQL) => sql`coalesce(upper(btrim(${code})), '')`;

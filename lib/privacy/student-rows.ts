import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * The ids of the list rows that are this student's, in the request's school:
 * one definition (privacy_aluno_list_rows, migration 0018) for the family's
 * export and the anonymisation, so a change of the rule — such as rows linked
 * to the student by aluno_id — reaches both at once.
 */
export function studentListRowIds(alunoId: string): SQL {
  return sql`(select id from privacy_aluno_list_rows(app_tenant(), ${alunoId}::uuid))`;
}

-- Issue 16: two students of one name who both owe are two rows of the list. A
-- file that carries the student's code (matrícula) tells them apart, but the
-- active key — normalised student, guardian, school — did not: without a
-- guardian column the second row replaced the first as a "repeat", and one
-- debtor was not blocked. The student's code, as given (upper case, trimmed;
-- '' when absent), is now part of the key. Rows without a code keep the key
-- they had, so nothing that exists changes.
DROP INDEX public.inadimplentes_active_key;--> statement-breakpoint
CREATE UNIQUE INDEX inadimplentes_active_key ON public.inadimplentes USING btree (
  tenant_id, student_name_norm, coalesce(guardian1_name_norm, ''), coalesce(student_escola_norm, ''),
  coalesce(upper(btrim(codigo_aluno)), '')
) WHERE is_active;

import { sql } from "drizzle-orm";

// The school year a rematrícula is for: the one after the student's (after the
// current one when the record has none). One expression, over the alias `a` of
// alunos, shared by the list, the detail and finalize so they never disagree.
export const ANO_DESTINO = sql`(coalesce(a.ano_letivo, extract(year from current_date)::int) + 1)`;

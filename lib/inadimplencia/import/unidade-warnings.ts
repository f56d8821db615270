import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import type { LineIssue } from "./types";

/**
 * The staged rows whose school column names neither one of the school's
 * unidades nor the school itself (issue 18): another school's file, or a
 * column mapped by mistake. Under the "mesma escola" rule such a row, unless
 * linked to a student, blocks nobody.
 * A school without unidades has nothing to compare against, so it is not warned.
 * Finance files shorten and lengthen names ("Pelicano" for "Colégio Pelicano",
 * "Unidade Centro" for "Centro"): a value is known when its words are a run of
 * a known name's words, or the other way round.
 */
export async function unknownUnidadeWarnings(tx: Tx): Promise<LineIssue[]> {
  const rows = rowsOf<{ line: number; escola: string; known: string | null }>(await tx.execute(sql`with known as (
        select name from unidades where tenant_id = (select app_tenant())),
      names as (
        select ' ' || norm_text(name) || ' ' as k from known
        union all
        select ' ' || norm_text(t.name) || ' ' from tenants t where t.id = (select app_tenant()) and exists (select 1 from known))
    select s.line, s.student_escola as escola, (select string_agg(name, ', ' order by name) from known) as known
    from import_stage s
    where s.escola_norm <> '' and exists (select 1 from known)
      and not exists (select 1 from names n
        where position(' ' || s.escola_norm || ' ' in n.k) > 0 or position(n.k in ' ' || s.escola_norm || ' ') > 0)
    order by s.line`));
  return rows.map((r) => ({
    line: Number(r.line),
    reason: `A coluna Unidade diz “${r.escola}”, que não é uma unidade desta escola (${r.known}): confira se esta linha é mesmo desta escola.`,
  }));
}

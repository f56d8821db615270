import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { recordExport } from "@/lib/audit/exports";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import type { ListQuery, SortColumn } from "./list-query";

export interface InadimplenteRow {
  id: string;
  codigoInadim: string | null;
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
  /**
   * The school's own unidade the row's school column names (compared as the
   * match rule compares it, through norm_text); null when it names none.
   */
  unidade: string | null;
  mesesInadim: number | null;
  isActive: boolean;
  updatedAt: string;
  updatedBy: string | null;
  /** The linked student (issue 16), "Nome (matrícula)"; null when the row matches by name. */
  alunoId: string | null;
  alunoLabel: string | null;
}

export const PAGE_SIZE = 25;
/** An export is one response held in memory: bounded so a huge list cannot exhaust the server. */
export const EXPORT_LIMIT = 100_000;

// Sorting by a name sorts by its normalised form, so "Álvaro" sits with "Alvaro".
// Only these fragments ever reach ORDER BY: the column comes from a whitelist.
const ORDER: Record<SortColumn, SQL> = {
  codigo_inadim: sql`i.codigo_inadim`,
  student_name: sql`i.student_name_norm`,
  guardian1_name: sql`i.guardian1_name_norm`,
  student_escola: sql`i.student_escola_norm`,
  meses_inadim: sql`i.meses_inadim`,
  is_active: sql`i.is_active`,
  updated_at: sql`i.updated_at`,
  updated_by: sql`u.name`,
};

function whereOf(query: ListQuery): SQL {
  // The term is normalised first and its LIKE wildcards escaped afterwards, so a
  // search for "%" or "_" finds those characters literally.
  const like = sql`'%' || replace(replace(replace(norm_text(${query.q}), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
  const status = query.status === "all" ? sql`true` : sql`i.is_active = ${query.status === "active"}`;
  const search = query.q ? sql`(i.student_name_norm like ${like} or i.guardian1_name_norm like ${like})` : sql`true`;
  const escola = query.escola ? sql`i.student_escola_norm = norm_text(${query.escola})` : sql`true`;
  return sql`${status} and ${search} and ${escola}`;
}

function selectRows(tx: Tx, query: ListQuery, limit: number, offset: number) {
  const dir = query.dir === "desc" ? sql`desc` : sql`asc`;
  return tx.execute(sql`select i.id, i.codigo_inadim as "codigoInadim", i.student_name as "studentName",
      i.guardian1_name as "guardian1Name", i.student_escola as "studentEscola", i.meses_inadim as "mesesInadim",
      (select un.name from unidades un where un.tenant_id = i.tenant_id and norm_text(un.name) = i.student_escola_norm
        order by un.name limit 1) as "unidade",
      i.is_active as "isActive", i.updated_at as "updatedAt", u.name as "updatedBy",
      i.aluno_id as "alunoId", la.nome || coalesce(' (' || la.matricula || ')', '') as "alunoLabel"
    from inadimplentes i left join users u on u.id = i.updated_by
      left join alunos la on la.tenant_id = i.tenant_id and la.id = i.aluno_id
    where ${whereOf(query)}
    order by ${ORDER[query.sort]} ${dir} nulls last, i.id
    limit ${limit} offset ${offset}`);
}

function toRow(r: InadimplenteRow): InadimplenteRow {
  return { ...r, updatedAt: new Date(r.updatedAt).toISOString() };
}

/** The school's delinquent list, filtered, sorted and paginated; read through RLS as the finance user. */
export async function listInadimplentes(session: TenantSession, query: ListQuery) {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => {
    const total = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from inadimplentes i where ${whereOf(query)}`),
    )[0].n;
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    // A page past the end shows the last one rather than an empty table.
    const page = Math.min(query.page, pageCount);
    const rows = rowsOf<InadimplenteRow>(await selectRows(tx, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)).map(toRow);
    // A school without unidades has nothing to compare the column with.
    const hasUnidades = rowsOf<{ any: boolean }>(await tx.execute(sql`select exists (select 1 from unidades) as any`))[0].any;
    return { rows, total, page, pageCount, hasUnidades };
  });
}

/** Every row of the filter, in the list's order, up to EXPORT_LIMIT. */
export async function exportInadimplentes(session: TenantSession, query: ListQuery): Promise<InadimplenteRow[]> {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<InadimplenteRow>(await selectRows(tx, query, EXPORT_LIMIT, 0)).map(toRow);
    // Recorded with the rows it read (lib/audit/exports.ts).
    await recordExport(tx, "inadimplentes", { ...query }, rows.length);
    return rows;
  });
}

/** The schools named on the list, one spelling per normalised name, for the filter. */
export async function listEscolas(session: TenantSession): Promise<string[]> {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<{ escola: string }>(
      await tx.execute(sql`select escola from (
          select distinct on (student_escola_norm) student_escola as escola, student_escola_norm
          from inadimplentes where student_escola_norm <> ''
          order by student_escola_norm, student_escola) s
        order by student_escola_norm`),
    );
    return rows.map((r) => r.escola);
  });
}

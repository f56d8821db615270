import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";

export type StatusFilter = "active" | "inactive" | "all";

export interface InadimplenteRow {
  id: string;
  codigoInadim: string | null;
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
  mesesInadim: number | null;
  isActive: boolean;
  updatedAt: string;
  updatedBy: string | null;
}

export interface ListQuery {
  q?: string;
  status?: StatusFilter;
  page?: number;
  pageSize?: number;
}

/** The school's delinquent list, filtered and paginated; read through RLS as the finance user. */
export async function listInadimplentes(session: TenantSession, query: ListQuery) {
  assertCan(session, "inadimplentes.read");
  const pageSize = query.pageSize ?? 25;
  const page = Math.max(1, query.page ?? 1);
  const term = (query.q ?? "").trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  const status = query.status ?? "active";
  const where = sql`(${term} = '' or i.student_name_norm like '%' || norm_text(${term}) || '%'
      or i.guardian1_name_norm like '%' || norm_text(${term}) || '%')
    and (${status} = 'all' or i.is_active = (${status} = 'active'))`;
  return withTenant(session, async (tx) => {
    const total = Number(
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from inadimplentes i where ${where}`))[0].n,
    );
    const rows = rowsOf<InadimplenteRow>(
      await tx.execute(sql`select i.id, i.codigo_inadim as "codigoInadim", i.student_name as "studentName",
          i.guardian1_name as "guardian1Name", i.student_escola as "studentEscola", i.meses_inadim as "mesesInadim",
          i.is_active as "isActive", i.updated_at::text as "updatedAt", u.name as "updatedBy"
        from inadimplentes i left join users u on u.id = i.updated_by
        where ${where}
        order by i.student_name_norm, i.id
        limit ${pageSize} offset ${(page - 1) * pageSize}`),
    );
    return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  });
}

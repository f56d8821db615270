import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";

/** What was exported (export_log.kind). */
export type ExportKind = "rematricula" | "inadimplentes" | "import_errors" | "titular";

export const EXPORT_LABEL: Record<ExportKind, string> = {
  rematricula: "Campanha de rematrícula",
  inadimplentes: "Lista de inadimplentes",
  import_errors: "Erros de uma importação",
  titular: "Dados de um aluno (pedido da família)",
};

/**
 * Records a file handed out of the school's data: the request's user and time
 * (set by the database), the filters and the row count. Called in the same
 * transaction that read the rows, so no file leaves without its record.
 */
export async function recordExport(tx: Tx, kind: ExportKind, filters: Record<string, unknown>, rows: number): Promise<void> {
  await tx.execute(sql`select app_record_export(${kind}, ${JSON.stringify(filters)}::jsonb, ${rows})`);
}

/** The same, in a transaction of its own, for a file built from data read earlier. */
export async function recordExportOf(session: TenantSession, kind: ExportKind, filters: Record<string, unknown>,
  rows: number): Promise<void> {
  await withTenant(session, (tx) => recordExport(tx, kind, filters, rows));
}

export interface ExportRecord {
  kind: ExportKind;
  actorName: string | null;
  at: Date;
  filters: Record<string, unknown>;
  rowCount: number;
}

/** The school's latest exports, for its admins. */
export async function listExports(session: TenantSession, limit = 200): Promise<ExportRecord[]> {
  assertCan(session, "audit");
  return withTenant(session, async (tx) => {
    // users_visible shows only active members: someone who left is "—".
    const rows = rowsOf<{ kind: ExportKind; name: string | null; at: string | Date; filters: Record<string, unknown>; row_count: number }>(
      await tx.execute(sql`select e.kind, u.name, e.at, e.filters, e.row_count
        from export_log e left join users u on u.id = e.actor
        order by e.at desc, e.id desc limit ${limit}`));
    return rows.map((r) => ({ kind: r.kind, actorName: r.name, at: new Date(r.at), filters: r.filters, rowCount: r.row_count }));
  });
}

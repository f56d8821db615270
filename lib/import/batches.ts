import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type Capability, type TenantSession } from "@/lib/auth/permissions";
import { toCsv } from "@/lib/csv/export";
import { batchNotFound, isUuid } from "./batch-id";
import { BATCH_PAGE_SIZE, type BatchDetail, type BatchPage, type BatchSummary, type ImportKind, type LineIssue } from "./types";

/**
 * Who reads each import's history (SPEC §1, §2): the finance roles the list's,
 * the roster roles the roster's. The database holds the same split
 * (import_batches_by_kind).
 */
export const READ_CAPABILITY: Record<ImportKind, Capability> = {
  inadimplentes: "inadimplentes.read",
  alunos: "roster",
};

interface BatchRow {
  id: string; fileName: string; sizeBytes: number; sha256: string; mode: BatchSummary["mode"];
  authorId: string | null; authorName: string | null; createdAt: string | Date;
  inserted: number; updated: number; unchanged: number; deactivated: number; invalid: number; warnings: number;
  undoneAt: string | Date | null; undoneBy: string | null;
}

// RLS keeps both queries to the request's school and to the roles of the batch's kind.
const SELECT_BATCH = sql`select b.id, b.file_name as "fileName", b.size_bytes as "sizeBytes", b.sha256, b.mode,
    b.author as "authorId", coalesce(u.name, u.email) as "authorName", b.created_at as "createdAt",
    b.inserted, b.updated, b.unchanged, b.deactivated, b.invalid, b.warnings,
    b.undone_at as "undoneAt", b.undone_by as "undoneBy"
  from import_batches b left join users u on u.id = b.author`;

/** The school's history of one import, newest first. Page numbers out of range give the nearest page. */
export async function listBatches(session: TenantSession, kind: ImportKind, opts: { page?: number }): Promise<BatchPage> {
  assertCan(session, READ_CAPABILITY[kind]);
  const wanted = Number.isSafeInteger(opts.page) && (opts.page as number) > 0 ? (opts.page as number) : 1;
  return withTenant(session, async (tx) => {
    const [{ n }] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from import_batches where tenant_id = (select app_tenant()) and kind = ${kind}`),
    );
    const total = Number(n);
    const pageCount = Math.max(1, Math.ceil(total / BATCH_PAGE_SIZE));
    const page = Math.min(wanted, pageCount);
    const rows = rowsOf<BatchRow>(
      await tx.execute(sql`${SELECT_BATCH} where b.tenant_id = (select app_tenant()) and b.kind = ${kind}
        order by b.created_at desc, b.id limit ${BATCH_PAGE_SIZE} offset ${(page - 1) * BATCH_PAGE_SIZE}`),
    );
    return { items: rows.map(toSummary), page, pageCount, total };
  });
}

/** One batch with its stored issues; another school's id or a malformed one is "não encontrada". */
export async function getBatch(session: TenantSession, kind: ImportKind, id: string): Promise<BatchDetail> {
  assertCan(session, READ_CAPABILITY[kind]);
  if (!isUuid(id)) throw batchNotFound();
  return withTenant(session, async (tx) => {
    const [row] = rowsOf<BatchRow & { errors: StoredIssues | string | null }>(
      await tx.execute(sql`select x.*, (select b.errors from import_batches b
          where b.tenant_id = (select app_tenant()) and b.id = x.id) as errors
        from (${SELECT_BATCH} where b.tenant_id = (select app_tenant()) and b.kind = ${kind} and b.id = ${id}) x`),
    );
    if (!row) throw batchNotFound();
    const issues: StoredIssues = (typeof row.errors === "string" ? JSON.parse(row.errors) : row.errors) ?? EMPTY;
    return {
      ...toSummary(row),
      invalid: issues.invalid ?? [],
      warnings: issues.warnings ?? [],
      issuesTruncated: !!issues.truncated,
    };
  });
}

/** The batch's invalid rows and warnings as a CSV for Excel; cells that look like formulas are neutralised. */
export async function batchErrorsCsv(
  session: TenantSession,
  kind: ImportKind,
  id: string,
): Promise<{ fileName: string; csv: string; rows: number }> {
  const batch = await getBatch(session, kind, id);
  const rows = [
    ...batch.invalid.map((i) => [i.line, "inválida", i.reason]),
    ...batch.warnings.map((w) => [w.line, "aviso", w.reason]),
  ].sort((a, b) => Number(a[0]) - Number(b[0]));
  return {
    fileName: `importacao-${batch.id.slice(0, 8)}-erros.csv`,
    csv: toCsv(["linha", "tipo", "motivo"], rows),
    rows: rows.length,
  };
}

interface StoredIssues {
  invalid?: LineIssue[];
  warnings?: LineIssue[];
  truncated?: boolean;
}

const EMPTY: StoredIssues = {};

function toSummary(r: BatchRow): BatchSummary {
  return {
    id: r.id,
    fileName: r.fileName,
    sizeBytes: Number(r.sizeBytes),
    sha256: r.sha256,
    mode: r.mode,
    authorId: r.authorId,
    authorName: r.authorName,
    createdAt: new Date(r.createdAt),
    counts: {
      inserted: Number(r.inserted),
      updated: Number(r.updated),
      unchanged: Number(r.unchanged),
      deactivated: Number(r.deactivated),
      invalid: Number(r.invalid),
      warnings: Number(r.warnings),
    },
    undoneAt: r.undoneAt ? new Date(r.undoneAt) : null,
    undoneBy: r.undoneBy,
  };
}

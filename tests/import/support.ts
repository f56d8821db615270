import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { lockImports } from "@/lib/import/lock";
import type { ImportRow, LoadedFile } from "@/lib/inadimplencia/import/types";
import { q } from "../foundation/support";

/** A file as the front half would hand it over, without going through CSV. */
export function loadedFile(rows: ImportRow[], name = "lista.csv"): LoadedFile {
  const text = JSON.stringify(rows);
  return {
    ok: true,
    fileName: name,
    sizeBytes: text.length,
    sha256: createHash("sha256").update(text).digest("hex"),
    encoding: "utf-8",
    delimiter: ";",
    headers: ["codigo_inadim", "student_name", "guardian1_name", "student_escola", "meses_inadim"],
    mapping: { codigo_inadim: 0, student_name: 1, guardian1_name: 2, student_escola: 3, meses_inadim: 4 },
    rows,
    invalid: [],
    warnings: [],
    held: [],
  };
}

export function row(line: number, studentName: string, extra: Partial<ImportRow> = {}): ImportRow {
  return {
    line,
    codigoInadim: `C${line}`,
    studentName,
    guardian1Name: null,
    studentEscola: null,
    mesesInadim: 2,
    ...extra,
  };
}

/** Everything an import can change in one school, to compare before and after. */
export async function snapshot(db: Db, tenantId: string) {
  const list = await q<Record<string, unknown>>(db, sql`select id, codigo_inadim, student_name, guardian1_name,
      student_escola, meses_inadim, is_active, deleted_at::text, deleted_by, deleted_reason, source
    from inadimplentes where tenant_id = ${tenantId} order by id`);
  const [audit] = await q<{ n: number }>(db, sql`select count(*)::int as n from inadimplentes_audit where tenant_id = ${tenantId}`);
  const batches = await q<Record<string, unknown>>(db, sql`select id, inserted, updated, deactivated, undone_at::text
    from import_batches where tenant_id = ${tenantId} order by id`);
  return { list, audit: Number(audit.n), batches };
}

export async function activeNames(db: Db, tenantId: string): Promise<string[]> {
  const rows = await q<{ student_name: string }>(db, sql`select student_name from inadimplentes
    where tenant_id = ${tenantId} and is_active order by student_name`);
  return rows.map((r) => r.student_name);
}

/**
 * Holds the school's import lock in a transaction on another connection, as a
 * running import would, until `release()` (which also waits for that transaction to end).
 */
export async function holdImportLock(session: TenantSession, db: Db): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = withTenant(session, async (tx) => {
    await lockImports(tx);
    locked();
    await held;
  }, db);
  await isLocked;
  return { release: async () => { release(); await holder; } };
}

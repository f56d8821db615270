import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { TenantSession } from "@/lib/auth/permissions";
import { parseNewInadimplenteInput, type NewInadimplenteInput } from "@/lib/inadimplencia/admin-input";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

/** A school with its check on, a finance user and a secretaria. */
export async function makeFinanceSchool(db: Db): Promise<{ fin: TenantSession; sec: TenantSession }> {
  const fin = await makeSchool(db, {}, ["financeiro"]);
  const { makeStaff } = await import("../helpers/fixtures");
  const sec = await makeStaff(db, fin.tenantId, ["secretaria"], "Secretaria Teste");
  return { fin, sec };
}

/** The new-row form's fields, parsed; the edit form takes the same without the student's code. */
export function input(fields: Partial<Record<keyof NewInadimplenteInput, string>>): NewInadimplenteInput {
  return parseNewInadimplenteInput({ mesesInadim: "3", ...fields });
}

/** Everything the admin actions could touch, read as the owner (no RLS), for before/after comparisons. */
export async function snapshot(db: Db) {
  return {
    rows: await q(db, sql`select * from inadimplentes order by tenant_id, id`),
    audit: await q(db, sql`select * from inadimplentes_audit order by tenant_id, id`),
  };
}

export async function auditOf(db: Db, id: string) {
  return q<{ action: string; actor: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
    db, sql`select action, actor, before, after from inadimplentes_audit where inadimplente_id = ${id} order by id`);
}

import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

/**
 * Moves a list row's stop (deleted_at/updated_at) and its whole audit trail
 * `months` months into the past. The touch and audit triggers, and the trail's
 * append-only guard, are lifted for the test only: no code path can date a row.
 */
export async function backdateListRow(db: Db, id: string, months: number): Promise<void> {
  const back = `${months} months`;
  await db.execute(sql`alter table inadimplentes disable trigger user`);
  await db.execute(sql`alter table inadimplentes_audit disable trigger inadimplentes_audit_append_only`);
  try {
    await db.execute(sql`update inadimplentes set updated_at = updated_at - ${back}::interval,
      created_at = created_at - ${back}::interval, deleted_at = deleted_at - ${back}::interval where id = ${id}`);
    await db.execute(sql`update inadimplentes_audit set at = at - ${back}::interval where inadimplente_id = ${id}`);
  } finally {
    await db.execute(sql`alter table inadimplentes enable trigger user`);
    await db.execute(sql`alter table inadimplentes_audit enable trigger inadimplentes_audit_append_only`);
  }
}

/** A finalize attempt refused `months` months ago. */
export async function makeEvent(db: Db, tenantId: string, alunoId: string, months: number): Promise<string> {
  const r = await db.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind, at, codigo_inadim, meses_inadim)
    values (${tenantId}, ${alunoId}, 'blocked', now() - ${`${months} months`}::interval, 'C-1', 3) returning id`);
  return rowsOf<{ id: string }>(r)[0].id;
}

import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";

export interface FieldChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface HistoryEntry {
  id: number;
  action: string;
  actionLabel: string;
  at: string;
  actor: string | null;
  batchId: string | null;
  changes: FieldChange[];
}

const ACTIONS: Record<string, string> = {
  insert: "Criação",
  update: "Alteração",
  soft_delete: "Exclusão",
  restore: "Restauração",
  import: "Importação",
  import_undo: "Importação desfeita",
  link: "Vínculo com aluno",
  unlink: "Vínculo removido",
};

// The snapshot columns people care about, in the form's order; ids and
// timestamps of the row itself are left out.
const FIELDS: [string, string][] = [
  ["codigo_inadim", "Código"],
  ["student_name", "Aluno"],
  ["codigo_aluno", "Código do aluno"],
  ["aluno_id", "Aluno vinculado"],
  ["guardian1_name", "Responsável"],
  ["student_escola", "Unidade"],
  ["meses_inadim", "Meses em atraso"],
  ["is_active", "Situação"],
  ["deleted_reason", "Motivo da exclusão"],
];

type Snapshot = Record<string, unknown> | null;

/** How a linked student is named in the history: "Nome (matrícula)". */
export type AlunoNames = ReadonlyMap<string, string>;

function show(field: string, v: unknown, alunos: AlunoNames): string | null {
  if (v == null || v === "") return null;
  if (field === "is_active") return v ? "Ativo" : "Inativo";
  if (field === "aluno_id") return alunos.get(String(v)) ?? String(v);
  return String(v);
}

/** What changed between two snapshots; for a creation, every field that has a value. */
export function diffSnapshots(before: Snapshot, after: Snapshot, alunos: AlunoNames = new Map()): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, label] of FIELDS) {
    const b = before ? show(field, before[field], alunos) : null;
    const a = after ? show(field, after[field], alunos) : null;
    if (b !== a) changes.push({ field, label, before: b, after: a });
  }
  return changes;
}

export const actionLabel = (action: string): string => ACTIONS[action] ?? action;

/** The audit trail of one row, newest first (at most `limit` entries). */
export async function getHistory(session: TenantSession, id: string, limit = 200): Promise<HistoryEntry[]> {
  assertCan(session, "inadimplentes.read");
  if (!z.uuid().safeParse(id).success) return [];
  const { rows, alunos } = await withTenant(session, async (tx) => {
    const rows = rowsOf<{ id: number; action: string; at: string; actor: string | null; batchId: string | null;
      before: Snapshot; after: Snapshot }>(await tx.execute(sql`select a.id, a.action, a.at, u.name as actor,
        a.batch_id as "batchId", a.before, a.after
      from inadimplentes_audit a left join users u on u.id = a.actor
      where a.inadimplente_id = ${id}
      order by a.at desc, a.id desc
      limit ${limit}`)).map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
    // The students the trail links to, named once (a student's name may have changed since).
    const ids = [...new Set(rows.flatMap((r) => [r.before?.aluno_id, r.after?.aluno_id]).filter((v) => typeof v === "string"))];
    const named = ids.length === 0 ? [] : rowsOf<{ id: string; label: string }>(await tx.execute(sql`select id,
        nome || coalesce(' (' || matricula || ')', '') as label
      from alunos where id = any(${`{${ids.join(",")}}`}::uuid[])`));
    return { rows, alunos: new Map(named.map((n) => [n.id, n.label])) };
  });
  return rows.map((r) => ({
    id: Number(r.id),
    action: r.action,
    actionLabel: actionLabel(r.action),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    batchId: r.batchId,
    changes: diffSnapshots(r.before, r.after, alunos),
  }));
}

// postgres.js may hand jsonb back as text, depending on how the column is typed.
function parse(v: Snapshot | string): Snapshot {
  return typeof v === "string" ? (JSON.parse(v) as Snapshot) : v;
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError, forbidden } from "@/lib/errors";
import { isUuid } from "@/lib/inadimplencia/check";
import { lockSchoolYear } from "../year-lock";
import { schoolYear, setSchoolYear } from "./close";

/** Names listed in a refusal; the message says how many more there are. */
const NAMES_SHOWN = 20;

const notFound = () => new AppError("NOT_FOUND", "Encerramento não encontrado.");

interface Batch { from_year: number; to_year: number; undone_at: string | null }

/**
 * Puts the school back as it was before a turn of its year: each student the
 * turn changed gets the série, turma, year and status recorded before it, and
 * the school's year goes back. Refused while anything changed after the turn —
 * a later turn, a student it moved who was edited since, a rematrícula already
 * made for the new campaign — naming what changed, since undoing would throw
 * that change away. Admins only.
 */
export async function undoYearTurn(session: TenantSession, batchId: string): Promise<{ restored: number; fromYear: number }> {
  assertCan(session, "people");
  if (!isUuid(batchId)) throw notFound();
  return withTenant(session, async (tx) => {
    await lockSchoolYear(tx);
    const [batch] = rowsOf<Batch>(await tx.execute(sql`select from_year, to_year, undone_at::text as undone_at
      from ano_letivo_batches where id = ${batchId} for update`));
    if (!batch) throw notFound();
    if (batch.undone_at) throw new AppError("CONFLICT", "Este encerramento já foi desfeito.");
    if ((await schoolYear(tx)) !== batch.to_year) {
      throw new AppError("CONFLICT", "Não é possível desfazer: o ano letivo da escola mudou depois deste encerramento.");
    }
    await refuseIfChangedSince(tx, batchId, batch.to_year);
    await tx.execute(sql`select set_config('app.audit_action', 'ano_letivo_undo', true)`);
    const restored = rowsOf<{ n: number }>(await tx.execute(sql`with r as (
        update alunos a set serie = b.before_serie, turma = b.before_turma, ano_letivo = b.before_ano_letivo,
          status = b.before_status, updated_at = now()
        from ano_letivo_batch_alunos b
        where b.batch_id = ${batchId} and a.tenant_id = b.tenant_id and a.id = b.aluno_id
        returning 1)
      select count(*)::int as n from r`))[0].n;
    await setSchoolYear(tx, batch.from_year);
    await tx.execute(sql`update ano_letivo_batches set undone_at = now(), undone_by = (select app_user())
      where id = ${batchId}`);
    return { restored, fromYear: batch.from_year };
  }).catch((e: unknown) => {
    if (pgCode(e) === "42501") throw forbidden();
    throw e;
  });
}

/** The students changed since the turn (by hand, an import, a new rematrícula for the new campaign). */
async function refuseIfChangedSince(tx: Tx, batchId: string, toYear: number): Promise<void> {
  // Named with their code too, so that two homonyms are told apart.
  const changed = rowsOf<{ nome: string }>(await tx.execute(sql`
    select a.nome || coalesce(' (' || a.matricula || ')', '') as nome from alunos a
    where a.id in (
      select b.aluno_id from ano_letivo_batch_alunos b join alunos s on s.tenant_id = b.tenant_id and s.id = b.aluno_id
      where b.batch_id = ${batchId}
        and (s.serie, s.turma, s.ano_letivo, s.status)
          is distinct from (b.after_serie, b.after_turma, b.after_ano_letivo, b.after_status)
      union
      select r.aluno_id from rematriculas r where r.ano_letivo = ${toYear + 1}::int)
    order by a.nome_norm, a.id`));
  if (changed.length === 0) return;
  const names = changed.slice(0, NAMES_SHOWN).map((r) => r.nome);
  const more = changed.length > NAMES_SHOWN ? ` e mais ${changed.length - NAMES_SHOWN}` : "";
  throw new AppError("CONFLICT",
    `Não é possível desfazer: ${changed.length === 1 ? "este aluno mudou" : "estes alunos mudaram"} depois do encerramento ` +
      `(cadastro alterado ou rematrícula já feita para o ano seguinte): ${names.join(", ")}${more}.`,
    { rows: changed.map((r) => r.nome).join("\n") });
}

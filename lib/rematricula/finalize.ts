import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { checkOne, isUuid } from "@/lib/inadimplencia/check";
import { getFlags, readFlags } from "@/lib/inadimplencia/flags";
import { observeFinalize } from "@/lib/ops/metrics";
import { isEnforcementRefusal } from "./enforcement";
import { ANO_DESTINO } from "./ano";
import { nextSerie } from "./series";
import { holdSchoolYear } from "./year-lock";
import { unavailableReason } from "./situacao-label";

export interface FinalizeResult {
  rematriculaId: string;
  alreadyDone: boolean;
  wouldHaveBlocked: boolean;
}

type Outcome = { kind: "done"; result: FinalizeResult } | { kind: "blocked"; message: string };

const alunoNaoEncontrado = () => new AppError("NOT_FOUND", "Aluno não encontrado.");

async function existingRematricula(tx: Tx, alunoId: string, ano: number): Promise<{ id: string; status: string } | undefined> {
  const r = await tx.execute(sql`select id, status from rematriculas where aluno_id = ${alunoId} and ano_letivo = ${ano}`);
  return rowsOf<{ id: string; status: string }>(r)[0];
}

async function recordBlocked(tx: Tx, session: TenantSession, alunoId: string,
  check: { codigoInadim: string | null; mesesInadim: number | null }): Promise<void> {
  await tx.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind, actor, codigo_inadim, meses_inadim)
    values (${session.tenantId}, ${alunoId}, 'blocked', ${session.userId}, ${check.codigoInadim}, ${check.mesesInadim})`);
}

async function finalizeInTx(tx: Tx, session: TenantSession, alunoId: string): Promise<Outcome> {
  await holdSchoolYear(tx);
  // The row lock serialises concurrent finalizes of one student: the second
  // waits here, then sees the first one's rematrícula and stops as alreadyDone.
  const locked = await tx.execute(sql`select a.serie, a.status, ${ANO_DESTINO} as ano
    from alunos a where a.id = ${alunoId} for update`);
  const aluno = rowsOf<{ serie: string | null; status: string; ano: number }>(locked)[0];
  if (!aluno) throw alunoNaoEncontrado();

  // Finished work is not re-checked: the block guards the act of re-enrolling.
  // Only `concluida` is finished; a cancelled one is re-opened below like a new one.
  const existing = await existingRematricula(tx, alunoId, aluno.ano);
  if (existing?.status === "concluida") {
    return { kind: "done", result: { rematriculaId: existing.id, alreadyDone: true, wouldHaveBlocked: false } };
  }
  if (aluno.status !== "ativo") throw new AppError("VALIDATION", unavailableReason(aluno.status));

  // Fresh, inside the transaction: never the per-process flag cache.
  const flags = await readFlags(tx);
  const check = await checkOne(tx, alunoId);
  // The student is locked and visible, so a missing answer means the check
  // itself is broken (e.g. it cannot see the tables): refuse rather than let through.
  if (!check) throw new Error("check_inadimplencia returned no row for a visible student");

  // check_inadimplencia already answers "not delinquent" when the check is disabled.
  if (check.isInadimplente && flags.enforcementServerEnabled) {
    await recordBlocked(tx, session, alunoId, check);
    // Returned, not thrown, so that the blocked attempt is committed.
    return { kind: "blocked", message: flags.bannerMessage };
  }
  // With enforcement off the database's trigger lets the row through and records
  // the "would_block" event itself, so every code path leaves the same trail.
  // Re-opening is an UPDATE of the status, which the same trigger guards as an insert.
  // The cancellation columns stay: they are the record of the last cancel.
  const written = existing
    ? await tx.execute(sql`update rematriculas set status = 'concluida', serie_destino = ${nextSerie(aluno.serie)},
        finalized_by = ${session.userId}, finalized_at = now()
      where id = ${existing.id} and status = 'cancelada' returning id`)
    : await tx.execute(sql`insert into rematriculas (tenant_id, aluno_id, ano_letivo, serie_destino, finalized_by)
      values (${session.tenantId}, ${alunoId}, ${aluno.ano}, ${nextSerie(aluno.serie)}, ${session.userId})
      on conflict (tenant_id, aluno_id, ano_letivo) do nothing returning id`);
  const id = rowsOf<{ id: string }>(written)[0]?.id;
  if (id) return { kind: "done", result: { rematriculaId: id, alreadyDone: false, wouldHaveBlocked: check.isInadimplente } };
  const now = await existingRematricula(tx, alunoId, aluno.ano);
  if (now?.status !== "concluida") throw new Error("rematrícula conflict without a finished row");
  return { kind: "done", result: { rematriculaId: now.id, alreadyDone: true, wouldHaveBlocked: false } };
}

/**
 * Completes a student's re-enrollment for next school year (SPEC §6). Refuses
 * with INADIMPLENCIA_BLOQUEADA when the check is on, enforcement is on and the
 * student is delinquent, whoever calls it: the interface is not the guard.
 * Only `ativo` students can be re-enrolled (VALIDATION otherwise). Idempotent:
 * one rematrícula per student and year, even under concurrent calls; a
 * cancelled one is re-opened and goes through the check again.
 */
export function finalizeRematricula(session: TenantSession, alunoId: string): Promise<FinalizeResult> {
  return observeFinalize(() => finalizeChecked(session, alunoId));
}

async function finalizeChecked(session: TenantSession, alunoId: string): Promise<FinalizeResult> {
  assertCan(session, "rematricula");
  if (!isUuid(alunoId)) throw alunoNaoEncontrado();
  const outcome = await withTenant(session, (tx) => finalizeInTx(tx, session, alunoId)).catch(async (e) => {
    // The database's own guard fired: the student became delinquent between the
    // check above and the insert. Same answer as the check's.
    if (!isEnforcementRefusal(e)) throw e;
    return { kind: "blocked" as const, message: (await getFlags(session)).bannerMessage };
  });
  if (outcome.kind === "blocked") throw new AppError("INADIMPLENCIA_BLOQUEADA", outcome.message);
  return outcome.result;
}

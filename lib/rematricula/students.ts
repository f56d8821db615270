import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { checkOne, isUuid, type CheckResult } from "@/lib/inadimplencia/check";
import { getFlags } from "@/lib/inadimplencia/flags";
import { ANO_DESTINO } from "./ano";
import { nextSerie } from "./series";

export interface RematriculaDone {
  id: string;
  anoLetivo: number;
  /** Only `concluida` is done; `cancelada` leaves the student pending. */
  status: string;
  serieDestino: string | null;
  finalizedAt: string;
  /** The last cancellation, kept on the row after a re-open too. */
  cancelamento: { at: string; por: string | null; motivo: string } | null;
}

interface RawAluno {
  id: string; matricula: string | null; nome: string; responsavel_nome: string | null; serie: string | null; turma: string | null;
  unidade: string | null; ano_letivo: number | null; status: string;
  r_id: string | null; r_ano: number | null; r_status: string | null; r_serie: string | null; r_at: string | null;
  r_cancelled_at: string | null; r_cancelled_by: string | null; r_cancel_reason: string | null;
}

// Columns of the student and of next year's rematrícula, if any.
const ALUNO_COLUMNS = sql`a.id, a.matricula, a.nome, a.responsavel_nome, a.serie, a.turma, a.unidade, a.ano_letivo, a.status,
  r.id as r_id, r.ano_letivo as r_ano, r.status as r_status, r.serie_destino as r_serie,
  to_json(r.finalized_at) #>> '{}' as r_at, to_json(r.cancelled_at) #>> '{}' as r_cancelled_at,
  cu.name as r_cancelled_by, r.cancel_reason as r_cancel_reason`;
const JOIN_REMATRICULA = sql`left join rematriculas r
  on r.tenant_id = a.tenant_id and r.aluno_id = a.id and r.ano_letivo = ${ANO_DESTINO}
  left join users cu on cu.id = r.cancelled_by`;

function rematriculaOf(row: RawAluno): RematriculaDone | null {
  if (!row.r_id) return null;
  const cancelamento = row.r_cancelled_at
    ? { at: row.r_cancelled_at, por: row.r_cancelled_by, motivo: row.r_cancel_reason ?? "" }
    : null;
  return {
    id: row.r_id, anoLetivo: row.r_ano!, status: row.r_status!, serieDestino: row.r_serie, finalizedAt: row.r_at!, cancelamento,
  };
}

function failClosed(): never {
  // The student is visible, so a missing answer means the check is broken.
  throw new Error("check_inadimplencia returned no row for a visible student");
}

export interface AlunoDetail {
  aluno: { id: string; matricula: string | null; nome: string; dataNascimento: string | null; status: string };
  responsavel: { nome: string | null; telefone: string | null };
  turmaAtual: { unidade: string | null; serie: string | null; turma: string | null; anoLetivo: number | null };
  /** Next school year (the school's year + 1) and the série after the current one. */
  turmaProposta: { anoLetivo: number; serie: string | null };
  rematricula: RematriculaDone | null;
  check: CheckResult;
  /** Until when a liberação frees this listed student (liberado_ate); null when none does. */
  liberadoAte: string | null;
  bannerMessage: string;
}

/**
 * The detail page (SPEC §6). The check runs again on every call, so a deep
 * link cannot get around the block.
 */
export async function getAlunoDetail(session: TenantSession, alunoId: string): Promise<AlunoDetail> {
  assertCan(session, "rematricula");
  const notFound = new AppError("NOT_FOUND", "Aluno não encontrado.");
  if (!isUuid(alunoId)) throw notFound;
  const detail = await withTenant(session, async (tx) => {
    const r = await tx.execute(sql`select ${ALUNO_COLUMNS}, a.data_nascimento::text as data_nascimento,
        a.responsavel_telefone, ${ANO_DESTINO} as ano_destino
      from alunos a ${JOIN_REMATRICULA} where a.id = ${alunoId}`);
    const row = rowsOf<RawAluno & { data_nascimento: string | null; responsavel_telefone: string | null; ano_destino: number }>(r)[0];
    if (!row) throw notFound;
    const check = (await checkOne(tx, alunoId)) ?? failClosed();
    const [lib] = rowsOf<{ ate: string | null }>(await tx.execute(sql`select to_json(liberado_ate(${alunoId}::uuid)) #>> '{}' as ate`));
    return {
      aluno: { id: row.id, matricula: row.matricula, nome: row.nome, dataNascimento: row.data_nascimento, status: row.status },
      responsavel: { nome: row.responsavel_nome, telefone: row.responsavel_telefone },
      turmaAtual: { unidade: row.unidade, serie: row.serie, turma: row.turma, anoLetivo: row.ano_letivo },
      turmaProposta: { anoLetivo: row.ano_destino, serie: nextSerie(row.serie) },
      rematricula: rematriculaOf(row),
      check,
      liberadoAte: check.isInadimplente ? null : lib.ate,
    };
  });
  // The banner text may come from the per-process cache: it is wording, not a decision.
  const { bannerMessage } = await getFlags(session);
  return { ...detail, bannerMessage };
}

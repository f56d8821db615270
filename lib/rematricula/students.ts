import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { checkInadimplencia, checkOne, isUuid, type CheckResult } from "@/lib/inadimplencia/check";
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

export interface AlunoRow {
  id: string;
  nome: string;
  responsavelNome: string | null;
  serie: string | null;
  turma: string | null;
  unidade: string | null;
  anoLetivo: number | null;
  status: string;
  rematricula: RematriculaDone | null;
  check: CheckResult;
}

export interface AlunoPage {
  rows: AlunoRow[];
  total: number;
  page: number;
  pageCount: number;
}

interface RawAluno {
  id: string; nome: string; responsavel_nome: string | null; serie: string | null; turma: string | null;
  unidade: string | null; ano_letivo: number | null; status: string;
  r_id: string | null; r_ano: number | null; r_status: string | null; r_serie: string | null; r_at: string | null;
  r_cancelled_at: string | null; r_cancelled_by: string | null; r_cancel_reason: string | null;
}

export const MAX_PAGE_SIZE = 100;

// Columns of the student and of next year's rematrícula, if any.
const ALUNO_COLUMNS = sql`a.id, a.nome, a.responsavel_nome, a.serie, a.turma, a.unidade, a.ano_letivo, a.status,
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

/**
 * The home list (SPEC §6): the tenant's students whose name or guardian's name
 * contains the search, accent- and case-insensitively, in alphabetical order,
 * with next year's rematrícula and the check, in two queries per page.
 */
export async function searchAlunos(
  session: TenantSession,
  { q, page = 1, pageSize = 20 }: { q?: string | null; page?: number; pageSize?: number },
): Promise<AlunoPage> {
  assertCan(session, "rematricula");
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(pageSize) || 20));
  const wanted = Math.max(1, Math.trunc(page) || 1);
  const term = q?.trim() ? q : null;
  // Normalised by the same norm_text as the stored columns, then LIKE's own
  // wildcards escaped, so "_" or "%" typed by a user match themselves. Written
  // inline on the parameter so the trigram indexes can serve the LIKE.
  const pattern = sql`'%' || replace(replace(replace(norm_text(${term}::text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
  const filter = term === null ? sql`true`
    : sql`(a.nome_norm like ${pattern} or a.responsavel_nome_norm like ${pattern})`;

  return withTenant(session, async (tx) => {
    // One query for the page and the total; the offset is clamped to the last
    // page so that a stale page number still shows students.
    const r = await tx.execute(sql`
      with matched as (select a.* from alunos a where ${filter}),
      total as (select count(*)::int as n from matched),
      page as (
        select a.nome_norm, ${ALUNO_COLUMNS}
        from matched a ${JOIN_REMATRICULA}
        order by a.nome_norm, a.nome, a.id
        limit ${size}
        offset (select least(${(wanted - 1) * size}, (greatest(n, 1) - 1) / ${size} * ${size}) from total))
      select total.n as total, page.* from total left join page on true
      order by page.nome_norm, page.nome, page.id`);
    const raw = rowsOf<RawAluno & { total: number }>(r);
    const total = raw[0]?.total ?? 0;
    const found = raw.filter((row) => row.id !== null);
    const checks = await checkInadimplencia(tx, found.map((row) => row.id));
    const pageCount = Math.max(1, Math.ceil(total / size));
    return {
      rows: found.map((row) => ({
        id: row.id, nome: row.nome, responsavelNome: row.responsavel_nome, serie: row.serie, turma: row.turma,
        unidade: row.unidade, anoLetivo: row.ano_letivo, status: row.status,
        rematricula: rematriculaOf(row),
        check: checks.get(row.id) ?? failClosed(),
      })),
      total,
      page: Math.min(wanted, pageCount),
      pageCount,
    };
  });
}

export interface AlunoDetail {
  aluno: { id: string; nome: string; dataNascimento: string | null; status: string };
  responsavel: { nome: string | null; telefone: string | null };
  turmaAtual: { unidade: string | null; serie: string | null; turma: string | null; anoLetivo: number | null };
  turmaProposta: { anoLetivo: number; serie: string | null };
  rematricula: RematriculaDone | null;
  check: CheckResult;
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
    return {
      aluno: { id: row.id, nome: row.nome, dataNascimento: row.data_nascimento, status: row.status },
      responsavel: { nome: row.responsavel_nome, telefone: row.responsavel_telefone },
      turmaAtual: { unidade: row.unidade, serie: row.serie, turma: row.turma, anoLetivo: row.ano_letivo },
      turmaProposta: { anoLetivo: row.ano_destino, serie: nextSerie(row.serie) },
      rematricula: rematriculaOf(row),
      check,
    };
  });
  // The banner text may come from the per-process cache: it is wording, not a decision.
  const { bannerMessage } = await getFlags(session);
  return { ...detail, bannerMessage };
}

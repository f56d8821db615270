import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { noNul, parseInput } from "@/lib/parse-input";
import { matriculaSearch } from "@/lib/people/matricula";

// "Válida até" is a calendar day at the school: the exception holds through the
// end of that day, Brazilian time.
const SCHOOL_TZ = "America/Sao_Paulo";
export const REASON_MAX = 500;

export const grantInput = z.object({
  alunoId: z.uuid({ error: "Escolha o aluno." }),
  reason: z.string({ error: "Informe o motivo." }).trim()
    .min(1, { error: "Informe o motivo." })
    .max(REASON_MAX, { error: `O motivo pode ter no máximo ${REASON_MAX} caracteres.` })
    .refine(noNul, { error: "O motivo contém caracteres inválidos." }),
  validUntil: z.iso.date({ error: "Informe uma data válida." }),
});

export interface AlunoOption {
  id: string; nome: string; matricula: string | null; responsavelNome: string | null; unidade: string | null; serie: string | null;
  turma: string | null; status: string;
}

export interface Liberacao {
  id: string;
  alunoId: string;
  alunoNome: string;
  reason: string;
  grantedBy: string | null;
  grantedAt: string;
  validUntil: string;
  revokedBy: string | null;
  revokedAt: string | null;
}

export interface LiberacaoAudit {
  at: string;
  action: string;
  actorName: string | null;
  alunoNome: string | null;
  validUntil: string | null;
  revokedAt: string | null;
}

/**
 * Students of the school whose name contains the search (accent- and
 * case-insensitively) or whose matrícula starts with it: the student picker of
 * the liberações and of the list's links.
 */
export async function searchAlunos(session: TenantSession, term: string, limit = 20): Promise<AlunoOption[]> {
  assertCan(session, "inadimplentes.write");
  const clean = term.replace(/\0/g, "").trim().slice(0, 100);
  if (!clean) return [];
  // LIKE's wildcards typed by the user are searched as the characters themselves.
  const escaped = clean.replace(/[\\%_]/g, (c) => `\\${c}`);
  return withTenant(session, async (tx) => rowsOf<AlunoOption>(await tx.execute(sql`
    select a.id, a.nome, a.matricula, a.responsavel_nome as "responsavelNome", a.unidade, a.serie, a.turma, a.status
    from alunos a where a.nome_norm like '%' || norm_text(${escaped}) || '%' or ${matriculaSearch(clean)}
    order by a.nome_norm, a.id limit ${limit}`)));
}

/** The school's exceptions: those in force now, and the expired or revoked ones (latest first). */
export async function listLiberacoes(session: TenantSession, pastLimit = 100) {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<Liberacao & { valid: boolean }>(await tx.execute(sql`
      (select l.id, l.aluno_id as "alunoId", a.nome as "alunoNome", l.reason, g.name as "grantedBy",
             l.granted_at::text as "grantedAt", l.valid_until::text as "validUntil", r.name as "revokedBy",
             l.revoked_at::text as "revokedAt", true as valid
      from liberacoes l join alunos a on a.tenant_id = l.tenant_id and a.id = l.aluno_id
        left join users g on g.id = l.granted_by left join users r on r.id = l.revoked_by
      where l.revoked_at is null and l.valid_until > now()
      order by l.valid_until, a.nome_norm)
      union all
      (select l.id, l.aluno_id, a.nome, l.reason, g.name, l.granted_at::text, l.valid_until::text, r.name,
             l.revoked_at::text, false
      from liberacoes l join alunos a on a.tenant_id = l.tenant_id and a.id = l.aluno_id
        left join users g on g.id = l.granted_by left join users r on r.id = l.revoked_by
      where l.revoked_at is not null or l.valid_until <= now()
      order by coalesce(l.revoked_at, l.valid_until) desc limit ${pastLimit})`));
    const strip = ({ valid: _valid, ...l }: Liberacao & { valid: boolean }): Liberacao => l;
    return { valid: rows.filter((r) => r.valid).map(strip), past: rows.filter((r) => !r.valid).map(strip) };
  });
}

/** The trail the database wrote for the school's exceptions (latest first). */
export async function liberacoesAudit(session: TenantSession, limit = 50): Promise<LiberacaoAudit[]> {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => rowsOf<LiberacaoAudit>(await tx.execute(sql`
    select a.at::text as at, a.action, u.name as "actorName", al.nome as "alunoNome",
           a.after ->> 'valid_until' as "validUntil", a.after ->> 'revoked_at' as "revokedAt"
    from audit_log a left join users u on u.id = a.actor
      left join alunos al on al.tenant_id = a.tenant_id and al.id::text = a.after ->> 'aluno_id'
    where a.entity = 'liberacao'
    order by a.at desc, a.id desc limit ${limit}`)));
}

/**
 * Grants one student an exception until the end of the chosen day. The check
 * reads liberações live, so the student is unblocked on the next request and
 * blocked again once the day has passed, with no job to run.
 */
export async function grantLiberacao(session: TenantSession, input: unknown): Promise<string> {
  assertCan(session, "inadimplentes.write");
  const data = parseInput(grantInput, input);
  return withTenant(session, async (tx) => {
    const [limits] = rowsOf<{ ok_future: boolean; ok_year: boolean }>(await tx.execute(sql`
      select ${data.validUntil}::date >= (now() at time zone ${SCHOOL_TZ})::date as ok_future,
             ${data.validUntil}::date <= ((now() at time zone ${SCHOOL_TZ})::date + interval '1 year')::date as ok_year`));
    if (!limits.ok_future) throw invalidDate("A data deve ser hoje ou uma data futura.");
    if (!limits.ok_year) throw invalidDate("A liberação pode valer por no máximo 1 ano.");
    // RLS shows only this school's students: another school's id is simply not found.
    const found = rowsOf(await tx.execute(sql`select 1 from alunos where id = ${data.alunoId}`));
    if (!found.length) throw new AppError("NOT_FOUND", "Aluno não encontrado.", { alunoId: "Aluno não encontrado." });
    // One liberação in force per student: with two, revoking one would leave
    // the student unblocked by the other. The lock makes two grants at once
    // for one student wait for each other (the finance role may not lock alunos rows).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('liberacao:' || ${data.alunoId}, 0))`);
    const [inForce] = rowsOf<{ until: string }>(await tx.execute(sql`
      select to_char((valid_until - interval '1 second') at time zone ${SCHOOL_TZ}, 'DD/MM/YYYY') as until
      from liberacoes where aluno_id = ${data.alunoId} and revoked_at is null and valid_until > now()
      order by valid_until desc limit 1`));
    if (inForce) {
      const message = `Este aluno já tem uma liberação válida até ${inForce.until}. Revogue-a antes de conceder outra.`;
      throw new AppError("CONFLICT", message, { alunoId: message });
    }
    await tx.execute(sql`select set_config('app.audit_action', 'grant', true)`);
    const [row] = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into liberacoes (tenant_id, aluno_id, reason, granted_by, valid_until)
      values (app_tenant(), ${data.alunoId}, ${data.reason}, app_user(),
              (${data.validUntil}::date + 1)::timestamp at time zone ${SCHOOL_TZ})
      returning id`));
    return row.id;
  });
}

function invalidDate(message: string) {
  return new AppError("VALIDATION", message, { validUntil: message });
}

/** Ends an exception now: the student is checked again on the next request. */
export async function revokeLiberacao(session: TenantSession, id: unknown): Promise<void> {
  assertCan(session, "inadimplentes.write");
  const liberacaoId = z.uuid().safeParse(id);
  if (!liberacaoId.success) throw notFound();
  await withTenant(session, async (tx) => {
    const [current] = rowsOf<{ revoked: boolean; expired: boolean }>(await tx.execute(sql`
      select revoked_at is not null as revoked, valid_until <= now() as expired
      from liberacoes where id = ${liberacaoId.data} for update`));
    if (!current) throw notFound();
    if (current.revoked) throw new AppError("CONFLICT", "Esta liberação já foi revogada.");
    if (current.expired) throw new AppError("CONFLICT", "Esta liberação já expirou.");
    await tx.execute(sql`select set_config('app.audit_action', 'revoke', true)`);
    await tx.execute(sql`update liberacoes set revoked_at = now(), revoked_by = app_user() where id = ${liberacaoId.data}`);
  });
}

const notFound = () => new AppError("NOT_FOUND", "Liberação não encontrada.");

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { recordExport } from "@/lib/audit/exports";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/inadimplencia/check";
import { normText } from "@/lib/inadimplencia/norm-text";
import { studentListRowIds } from "./student-rows";

type Row = Record<string, unknown>;

/** Everything the school holds about one student and their guardian (LGPD art. 18, II). */
export interface StudentData {
  geradoEm: string;
  escola: string;
  aluno: Row;
  conta: Row | null;
  convites: Row[];
  historicoDoCadastro: Row[];
  listaDeInadimplentes: { registro: Row; historico: Row[] }[];
  liberacoes: { liberacao: Row; historico: Row[] }[];
  rematriculas: Row[];
  tentativasBloqueadas: Row[];
  viradasDeAno: Row[];
  importacoesDoCadastro: Row[];
  importacoes: { importacao: Row; linhasQueONomeiam: unknown[] }[];
  solicitacoes: Row[];
}

const all = async (tx: Tx, query: ReturnType<typeof sql>) => rowsOf<Row>(await tx.execute(query));

/** The entries of an import's stored report that name the student (no other line of the file). */
function linesNaming(errors: unknown, nomeNorm: string): unknown[] {
  if (!errors || typeof errors !== "object") return [];
  return Object.values(errors as Record<string, unknown>).filter(Array.isArray).flat()
    .filter((item) => (normText(JSON.stringify(item)) ?? "").includes(nomeNorm));
}

async function collect(tx: Tx, alunoId: string, escola: string): Promise<StudentData | null> {
  const [aluno] = await all(tx, sql`select * from alunos where id = ${alunoId}`);
  if (!aluno) return null;
  const rows = studentListRowIds(alunoId);
  const list = await all(tx, sql`select * from inadimplentes where id in ${rows} order by created_at, id`);
  const listAudit = await all(tx, sql`select inadimplente_id, action, actor, at, before, after, batch_id
    from inadimplentes_audit where inadimplente_id in ${rows} order by at, id`);
  const libs = await all(tx, sql`select * from liberacoes where aluno_id = ${alunoId} order by granted_at, id`);
  const libAudit = await all(tx, sql`select entity_key, action, actor, at, before, after from audit_log
    where entity = 'liberacao' and entity_key in (select id::text from liberacoes where aluno_id = ${alunoId}) order by at, id`);
  const nomeNorm = String(aluno.nome_norm);
  const batches = await all(tx, sql`select id, file_name, created_at, mode, author, errors from import_batches b
    where b.id in (select batch_id from inadimplentes_audit where inadimplente_id in ${rows})
       or norm_text(b.errors::text) like '%' || ${nomeNorm} || '%'
    order by created_at, id`);
  return {
    geradoEm: new Date().toISOString(),
    escola,
    aluno,
    conta: aluno.user_id ? (await all(tx, sql`select id, email, name, phone from users where id = ${aluno.user_id}`))[0] ?? null : null,
    convites: await all(tx, sql`select email, role, status, created_at, answered_at from invitations
      where aluno_id = ${alunoId} order by created_at`),
    historicoDoCadastro: await all(tx, sql`select action, actor, at, before, after from audit_log
      where entity = 'aluno' and entity_key = ${alunoId} order by at, id`),
    listaDeInadimplentes: list.map((registro) => ({ registro, historico: listAudit.filter((h) => h.inadimplente_id === registro.id) })),
    liberacoes: libs.map((liberacao) => ({ liberacao, historico: libAudit.filter((h) => h.entity_key === liberacao.id) })),
    rematriculas: await all(tx, sql`select * from rematriculas where aluno_id = ${alunoId} order by ano_letivo, id`),
    tentativasBloqueadas: await all(tx, sql`select * from rematricula_events where aluno_id = ${alunoId} order by at, id`),
    viradasDeAno: await all(tx, sql`select b.from_year, b.to_year, b.created_at, x.outcome, x.before_serie, x.before_turma,
        x.before_status, x.after_serie, x.after_turma, x.after_status
      from ano_letivo_batch_alunos x join ano_letivo_batches b on b.id = x.batch_id
      where x.aluno_id = ${alunoId} order by b.created_at`),
    importacoesDoCadastro: await all(tx, sql`select b.file_name, b.created_at, b.undone_at, x.before, x.after
      from import_batch_alunos x join import_batches b on b.id = x.batch_id
      where x.aluno_id = ${alunoId} order by b.created_at`),
    importacoes: batches.map(({ errors, ...importacao }) => ({ importacao, linhasQueONomeiam: linesNaming(errors, nomeNorm) })),
    solicitacoes: await all(tx, sql`select kind, outcome, reason, actor, at from privacy_requests
      where aluno_id = ${alunoId} order by at, id`),
  };
}

/** How many records the export holds: the export log's row count. */
export function recordCount(d: StudentData): number {
  return 1 + d.historicoDoCadastro.length + d.listaDeInadimplentes.reduce((n, r) => n + 1 + r.historico.length, 0)
    + d.liberacoes.reduce((n, l) => n + 1 + l.historico.length, 0) + d.rematriculas.length
    + d.tentativasBloqueadas.length + d.viradasDeAno.length + d.importacoesDoCadastro.length + d.importacoes.length;
}

/**
 * A family's access request answered: the student's data, read as the
 * school's admin through RLS, with the request and the export recorded in
 * the same transaction (no copy leaves without its record).
 */
export async function studentData(session: TenantSession, alunoId: string, escola: string,
  format: "html" | "json"): Promise<StudentData> {
  assertCan(session, "people");
  if (!isUuid(alunoId)) throw new AppError("NOT_FOUND", "Aluno não encontrado.");
  const data = await withTenant(session, async (tx) => {
    const d = await collect(tx, alunoId, escola);
    if (!d) return null;
    await tx.execute(sql`insert into privacy_requests (tenant_id, aluno_id, kind, outcome, actor)
      values (app_tenant(), ${alunoId}, 'acesso', 'entregue', app_user())`);
    await recordExport(tx, "titular", { aluno: alunoId, formato: format }, recordCount(d));
    return d;
  });
  if (!data) throw new AppError("NOT_FOUND", "Aluno não encontrado.");
  return data;
}

import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { ALUNO_REF_COLUMNS, type AlunoRef } from "./link";

/**
 * The match report (issue 16): the daily watch on false positives and
 * negatives. Every finding joins the list and the students through
 * inadimplencia_matches, the check's own rule, so the report says what the
 * check does. Findings ignore the `enabled` flag: they describe the list, so
 * finance can clean it before the check is switched on.
 */
export const FINDINGS = ["sem_aluno", "homonimos", "so_nome", "vinculo_inativo"] as const;
export type Finding = (typeof FINDINGS)[number];

export const FINDING_LABELS: Record<Finding, string> = {
  sem_aluno: "Registros ativos sem nenhum aluno correspondente",
  homonimos: "Registros sem vínculo que correspondem a vários alunos",
  so_nome: "Alunos bloqueados apenas por nome, sem vínculo",
  vinculo_inativo: "Registros vinculados a alunos que não estão ativos",
};

export const REPORT_LIMIT = 200;

/**
 * The findings' cost estimates are high (a probe per row), which makes
 * PostgreSQL compile them with JIT: that took longer than the query itself
 * (docs/benchmarks.md). Run inside the report's transaction.
 */
export const NO_JIT = sql`set local jit = off`;

/**
 * CTEs `cfg` and `row_matches` (each active row of the request's school with
 * how many students the rule matches it to), to follow a `with`. The rollout
 * panel counts its unmatched rows from these same CTEs.
 */
export function rowMatchesCtes(): SQL {
  // A correlated count, not a join: the rule's OR keeps a join from hashing, and
  // the planner then compares every row with every student (seconds on 100 000
  // rows). Per row, the count is two index probes of alunos (docs/benchmarks.md).
  return sql`cfg as (select * from inadimplencia_match_cfg(app_tenant())),
    row_matches as (
      select i.id, i.aluno_id, (select count(*)::int from alunos a
          where inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)) as n
      from inadimplentes i cross join cfg
      where i.is_active)`;
}

/** An active row that matches no student, over `row_matches` as `m`. */
export const UNMATCHED_ROW = sql`m.n = 0`;

/** The rows of each row finding, over `row_matches` as `m`. */
const ROW_FINDING: Record<Exclude<Finding, "so_nome">, SQL> = {
  sem_aluno: UNMATCHED_ROW,
  homonimos: sql`m.aluno_id is null and m.n > 1`,
  vinculo_inativo: sql`exists (select 1 from alunos a where a.id = m.aluno_id and a.status <> 'ativo')`,
};

/**
 * `so_nome`: active students an unlinked row blocks by name, with no linked row
 * of their own and no valid liberação — the students a homonym or a stale
 * name on the list may be blocking by mistake.
 */
const SO_NOME = sql`so_nome as (
  select a.id from alunos a cross join cfg
  where a.status = 'ativo'
    -- One correlated probe per student (scalar, so never turned into a join):
    -- some unlinked row matches, and no linked one.
    and (select bool_or(i.aluno_id is null) and not bool_or(i.aluno_id is not null)
      from inadimplentes i where i.is_active
        and inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school))
    and not liberacao_em_vigor(a.tenant_id, a.id))`;

export type MatchCounts = Record<Finding, number>;

export interface ReportRow {
  id: string;
  codigoInadim: string | null;
  codigoAluno: string | null;
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
  mesesInadim: number | null;
  /** The students the row matches now: the linked one, or its homonyms. */
  alunos: AlunoRef[];
}

export interface ReportStudent extends AlunoRef {
  /** The unlinked rows that block this student by name. */
  rows: { id: string; studentName: string; codigoInadim: string | null }[];
}

export interface MatchReport {
  counts: MatchCounts;
  finding: Finding;
  rows: ReportRow[];
  students: ReportStudent[];
}

export function parseFinding(raw: string | string[] | undefined): Finding {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return (FINDINGS as readonly string[]).includes(v ?? "") ? (v as Finding) : "sem_aluno";
}

/** The four counts, and the first REPORT_LIMIT items of the chosen finding. */
export async function matchReport(session: TenantSession, finding: Finding): Promise<MatchReport> {
  assertCan(session, "inadimplentes.read");
  return withTenant(session, async (tx) => {
    await tx.execute(NO_JIT);
    const [counts] = rowsOf<MatchCounts>(await tx.execute(sql`with ${rowMatchesCtes()}, ${SO_NOME}
      select
        (select count(*)::int from row_matches m where ${ROW_FINDING.sem_aluno}) as sem_aluno,
        (select count(*)::int from row_matches m where ${ROW_FINDING.homonimos}) as homonimos,
        (select count(*)::int from so_nome) as so_nome,
        (select count(*)::int from row_matches m where ${ROW_FINDING.vinculo_inativo}) as vinculo_inativo`));
    if (finding === "so_nome") {
      const students = rowsOf<ReportStudent>(await tx.execute(sql`with cfg as (select * from inadimplencia_match_cfg(app_tenant())), ${SO_NOME}
        select ${ALUNO_REF_COLUMNS}, (
          select coalesce(json_agg(json_build_object('id', i.id, 'studentName', i.student_name, 'codigoInadim', i.codigo_inadim)
            order by i.codigo_inadim), '[]')
          from inadimplentes i where i.is_active and i.aluno_id is null
            and inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)) as rows
        from so_nome s join alunos a on a.id = s.id cross join cfg
        order by a.nome_norm, a.id limit ${REPORT_LIMIT}`));
      return { counts, finding, rows: [], students: students.map((s) => ({ ...s, rows: json(s.rows) })) };
    }
    const rows = rowsOf<ReportRow>(await tx.execute(sql`with ${rowMatchesCtes()}
      select i.id, i.codigo_inadim as "codigoInadim", i.codigo_aluno as "codigoAluno", i.student_name as "studentName",
        i.guardian1_name as "guardian1Name", i.student_escola as "studentEscola", i.meses_inadim as "mesesInadim", (
          select coalesce(json_agg(json_build_object('id', a.id, 'nome', a.nome, 'matricula', a.matricula,
            'serie', a.serie, 'turma', a.turma, 'unidade', a.unidade, 'status', a.status) order by a.nome_norm, a.id), '[]')
          from alunos a where inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)) as alunos
      from row_matches m join inadimplentes i on i.id = m.id cross join cfg
      where ${ROW_FINDING[finding]}
      order by i.student_name_norm, i.id limit ${REPORT_LIMIT}`));
    return { counts, finding, rows: rows.map((r) => ({ ...r, alunos: json(r.alunos) })), students: [] };
  });
}

// postgres.js may hand json back as text, depending on how the value is typed.
function json<T>(v: T | string): T {
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}

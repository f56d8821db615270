import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { closeBatch, openBatch } from "@/lib/import/batch-record";
import { NOT_THE_PREVIEWED_FILE } from "@/lib/import/file-facts";
import { lockImports } from "@/lib/import/lock";
import type { ImportFile, LineIssue } from "@/lib/import/types";
import { observeImport } from "@/lib/ops/metrics";
import { mapPeopleErrors } from "@/lib/people/db-errors";
import { holdSchoolYear } from "@/lib/rematricula/year-lock";
import { loadRosterFile, type LoadedRoster } from "./load";
import type { StudentValues } from "./plan";
import { EMPTY_FULL_ROSTER, planFor } from "./preview";
import { readSchool, SNAPSHOT } from "./students";
import { ROSTER_ROW_CAP, type RosterCommitOptions, type RosterCommitResult, type RosterOptions, type RosterReport } from "./types";

/** Rows per statement: each chunk travels as one JSON parameter (see the list's stage.ts). */
const CHUNK = 2_000;

/**
 * Writes the previewed roster: one transaction, all or nothing, recorded as a
 * batch of kind "alunos" with each touched student's before and after. The
 * plan is made again inside the transaction, under the school's import lock
 * and its year lock (held shared, as finalize does: a year close cannot run
 * between the plan and the writes, nor count students half imported).
 */
export function commitRoster(session: TenantSession, file: ImportFile, opts: RosterCommitOptions): Promise<RosterCommitResult> {
  return observeImport(async () => {
    assertCan(session, "roster");
    const loaded = loadRosterFile(file, opts.mapping);
    if (!loaded.ok) return loaded;
    if (loaded.sha256 !== opts.expectedSha256.trim().toLowerCase()) throw new AppError("VALIDATION", NOT_THE_PREVIEWED_FILE);
    return commitLoadedRoster(session, loaded, opts);
  });
}

export async function commitLoadedRoster(session: TenantSession, loaded: LoadedRoster, opts: RosterOptions): Promise<RosterReport> {
  assertCan(session, "roster");
  if (opts.mode === "replace" && loaded.rows.length === 0) throw new AppError("VALIDATION", EMPTY_FULL_ROSTER);
  return mapPeopleErrors(() => withTenant({ ...session, cachedPlans: true }, async (tx) => {
    await holdSchoolYear(tx);
    await lockImports(tx);
    const plan = planFor(loaded, await readSchool(tx, true), opts);
    const batchId = await openBatch(tx, "alunos", loaded, opts.mode);
    await tx.execute(sql`create temp table roster_touched (aluno_id uuid primary key, before jsonb) on commit drop`);

    const updates = plan.outcomes.flatMap((o) => (o.kind === "updated" ? [{ id: o.student.id, ...o.values }] : []));
    const deactivate = plan.toDeactivate.map((s) => s.id);
    await remember(tx, [...updates.map((u) => u.id), ...deactivate]);
    for (let i = 0; i < updates.length; i += CHUNK) await writeUpdates(tx, updates.slice(i, i + CHUNK));
    for (let i = 0; i < deactivate.length; i += CHUNK) {
      await tx.execute(sql`update alunos a set status = 'inativo', updated_at = now()
        from json_array_elements_text(${JSON.stringify(deactivate.slice(i, i + CHUNK))}::json) d(id)
        where a.tenant_id = (select app_tenant()) and a.id = d.id::uuid`);
    }
    const created = plan.outcomes.flatMap((o) => (o.kind === "new" ? [o.values] : []));
    for (let i = 0; i < created.length; i += CHUNK) await writeNew(tx, created.slice(i, i + CHUNK));
    await tx.execute(sql`insert into import_batch_alunos (tenant_id, batch_id, aluno_id, before, after)
      select (select app_tenant()), ${batchId}, t.aluno_id, t.before, ${SNAPSHOT}
      from roster_touched t join alunos a on a.tenant_id = (select app_tenant()) and a.id = t.aluno_id`);

    const ambiguous = plan.outcomes.flatMap((o): LineIssue[] => (o.kind === "ambiguous"
      ? [{ line: o.line, reason: `Ambígua, não importada: ${o.candidates.length} aluno(s) chamados “${o.nome}” sem matrícula ou data de nascimento para distinguir.` }]
      : []));
    const invalid = [...loaded.invalid, ...plan.invalid].sort((a, b) => a.line - b.line);
    const warnings = [...loaded.warnings, ...plan.warnings, ...ambiguous].sort((a, b) => a.line - b.line);
    const counts = {
      inserted: created.length,
      updated: updates.length,
      unchanged: plan.outcomes.filter((o) => o.kind === "unchanged").length,
      deactivated: deactivate.length,
      invalid: invalid.length,
      warnings: warnings.length,
    };
    await closeBatch(tx, batchId, counts, { invalid, warnings });
    return {
      ok: true,
      batchId,
      fileName: loaded.fileName,
      mode: opts.mode,
      counts: { ...counts, ambiguous: ambiguous.length },
      invalid: invalid.slice(0, ROSTER_ROW_CAP),
      warnings: warnings.slice(0, ROSTER_ROW_CAP),
    };
  }));
}

/** The students about to change, as they are now: the batch's "before". */
async function remember(tx: Tx, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await tx.execute(sql`insert into roster_touched (aluno_id, before)
      select a.id, ${SNAPSHOT} from alunos a
      join json_array_elements_text(${JSON.stringify(ids.slice(i, i + CHUNK))}::json) d(id) on a.id = d.id::uuid
      where a.tenant_id = (select app_tenant())`);
  }
}

const RECORD = sql`v(id uuid, matricula text, nome text, cpf text, data_nascimento date, responsavel_nome text,
  responsavel_telefone text, unidade text, serie text, turma text, ano_letivo integer, status text)`;

function payload(rows: (StudentValues & { id?: string })[]): string {
  return JSON.stringify(rows.map((r) => ({
    id: r.id ?? null, matricula: r.matricula, nome: r.nome, cpf: r.cpf, data_nascimento: r.dataNascimento,
    responsavel_nome: r.responsavelNome, responsavel_telefone: r.responsavelTelefone, unidade: r.unidade,
    serie: r.serie, turma: r.turma, ano_letivo: r.anoLetivo, status: r.status,
  })));
}

// Every business column from the plan's values (the record's own where the
// file said nothing): the plan already kept a logged-in student's name.
async function writeUpdates(tx: Tx, rows: (StudentValues & { id: string })[]): Promise<void> {
  await tx.execute(sql`update alunos a set matricula = v.matricula, nome = v.nome, cpf = v.cpf,
      data_nascimento = v.data_nascimento, responsavel_nome = v.responsavel_nome,
      responsavel_telefone = v.responsavel_telefone, unidade = v.unidade, serie = v.serie, turma = v.turma,
      ano_letivo = v.ano_letivo, status = v.status, updated_at = now()
    from json_to_recordset(${payload(rows)}::json) as ${RECORD}
    where a.tenant_id = (select app_tenant()) and a.id = v.id`);
}

async function writeNew(tx: Tx, rows: StudentValues[]): Promise<void> {
  await tx.execute(sql`with ins as (
      insert into alunos (tenant_id, matricula, nome, cpf, data_nascimento, responsavel_nome, responsavel_telefone,
        unidade, serie, turma, ano_letivo, status)
      select (select app_tenant()), v.matricula, v.nome, v.cpf, v.data_nascimento, v.responsavel_nome,
        v.responsavel_telefone, v.unidade, v.serie, v.turma, v.ano_letivo, v.status
      from json_to_recordset(${payload(rows)}::json) as ${RECORD}
      returning id
    ) insert into roster_touched (aluno_id, before) select id, null from ins`);
}

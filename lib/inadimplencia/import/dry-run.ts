import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { computeEffect, perRowBlocks } from "./effect";
import { homonymsFor, suggestionsFor } from "./reconcile";
import { ABSENT_FROM_FILE, type Choices, stageRows } from "./stage";
import { stagedWarnings } from "./staged-warnings";
import {
  type DeactivationRow, type ImportMode, type LoadedFile, type PreviewCounts, PREVIEW_PAGE_SIZE, PREVIEW_ROW_CAP,
  type PreviewRow, type PreviewSuccess,
} from "./types";

/** The preview of a file already read and validated, with the students chosen so far. */
export async function previewLoaded(
  session: TenantSession, loaded: LoadedFile, mode: ImportMode, choices: Choices = {},
): Promise<PreviewSuccess> {
  assertCan(session, "inadimplentes.write");
  return withTenant(session, async (tx) => {
    await stageRows(tx, loaded.rows, { held: loaded.held, choices });
    const counts = await stageCounts(tx);
    const warnings = await stagedWarnings(tx, loaded);
    const effect = await computeEffect(tx, mode);
    const rows = await problemRowsFirst(tx);
    const deactivation = mode === "replace" ? await absentRows(tx) : { rows: [], total: 0 };
    return {
      ok: true,
      fileName: loaded.fileName,
      sizeBytes: loaded.sizeBytes,
      sha256: loaded.sha256,
      encoding: loaded.encoding,
      delimiter: loaded.delimiter,
      headers: loaded.headers,
      mapping: loaded.mapping,
      mode,
      effect,
      counts: {
        ...counts,
        toDeactivate: deactivation.total,
        invalid: loaded.invalid.length,
        warnings: warnings.length,
      },
      rows: rows.slice(0, PREVIEW_ROW_CAP),
      rowsTruncated: rows.length > PREVIEW_ROW_CAP,
      toDeactivate: deactivation.rows.slice(0, PREVIEW_ROW_CAP),
      toDeactivateTruncated: deactivation.total > PREVIEW_ROW_CAP,
      invalid: loaded.invalid.slice(0, PREVIEW_ROW_CAP),
      warnings: warnings.slice(0, PREVIEW_ROW_CAP),
    };
  });
}

type StageCounts = Omit<PreviewCounts, "toDeactivate" | "invalid" | "warnings">;

async function stageCounts(tx: Tx): Promise<StageCounts> {
  const [c] = rowsOf<StageCounts>(
    await tx.execute(sql`select count(*)::int as "total",
        count(*) filter (where action = 'new')::int as "new",
        count(*) filter (where action = 'updated')::int as "updated",
        count(*) filter (where action = 'unchanged')::int as "unchanged",
        count(*) filter (where match_count = 0)::int as "matchNone",
        count(*) filter (where match_count = 1)::int as "matchOne",
        count(*) filter (where match_count > 1)::int as "matchMany"
      from import_stage`),
  );
  return c;
}

/**
 * Rows matching no student first, then homonyms, then the rest; one past the
 * cap to tell it was cut. Suggestions only for the unmatched rows of the first
 * page: the rest are asked for by their page when finance opens it.
 */
async function problemRowsFirst(tx: Tx): Promise<PreviewRow[]> {
  const rows = rowsOf<{
    line: number; codigoInadim: string | null; studentName: string; guardian1Name: string | null;
    studentEscola: string | null; mesesInadim: number | null; codigoAluno: string | null; action: PreviewRow["action"];
    matchCount: number; alunoId: string | null; alunoNome: string | null; chosen: string | null;
  }>(
    await tx.execute(sql`select line, codigo_inadim as "codigoInadim", student_name as "studentName",
        guardian1_name as "guardian1Name", student_escola as "studentEscola", meses_inadim as "mesesInadim",
        codigo_aluno as "codigoAluno", action, match_count as "matchCount", aluno_id as "alunoId", aluno_nome as "alunoNome",
        chosen_aluno_id as "chosen"
      from import_stage
      order by case when match_count = 0 then 0 when match_count > 1 then 1 else 2 end, line
      limit ${PREVIEW_ROW_CAP + 1}`),
  );
  const linesWhere = (keep: (n: number) => boolean, of = rows) =>
    of.filter((r) => keep(Number(r.matchCount))).map((r) => Number(r.line));
  const suggestions = await suggestionsFor(tx, linesWhere((n) => n === 0, rows.slice(0, PREVIEW_PAGE_SIZE)));
  const homonyms = await homonymsFor(tx, linesWhere((n) => n > 1));
  const blocks = await perRowBlocks(tx, rows.map((r) => Number(r.line)));
  return rows.map((r, i) => {
    const n = Number(r.matchCount);
    const line = Number(r.line);
    return {
      line,
      codigoInadim: r.codigoInadim,
      studentName: r.studentName,
      guardian1Name: r.guardian1Name,
      studentEscola: r.studentEscola,
      mesesInadim: r.mesesInadim === null ? null : Number(r.mesesInadim),
      codigoAluno: r.codigoAluno,
      action: r.action,
      chosen: r.chosen,
      blocks: blocks.get(line) ?? 0,
      match:
        n === 0
          ? { kind: "none", suggestions: i < PREVIEW_PAGE_SIZE ? suggestions.get(line) ?? [] : null }
          : n === 1
            ? { kind: "one", alunoId: r.alunoId as string, nome: r.alunoNome as string }
            : { kind: "many", count: n, candidates: homonyms.get(line) ?? [] },
    };
  });
}

async function absentRows(tx: Tx): Promise<{ rows: DeactivationRow[]; total: number }> {
  const [{ n }] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from inadimplentes i where ${ABSENT_FROM_FILE}`),
  );
  const rows = rowsOf<DeactivationRow>(
    await tx.execute(sql`select i.id, i.codigo_inadim as "codigoInadim", i.student_name as "studentName",
        i.guardian1_name as "guardian1Name", i.student_escola as "studentEscola"
      from inadimplentes i where ${ABSENT_FROM_FILE}
      order by i.student_name_norm, i.id
      limit ${PREVIEW_ROW_CAP}`),
  );
  return { rows, total: Number(n) };
}

import "server-only";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import type { ImportFile } from "@/lib/import/types";
import { loadRosterFile, type LoadedRoster } from "./load";
import { planRoster, type ExistingStudent, type RosterPlan, type RowOutcome } from "./plan";
import { readSchool } from "./students";
import { ROSTER_ROW_CAP, type PreviewStudent, type RosterOptions, type RosterPreview, type RosterPreviewResult, type RosterPreviewRow } from "./types";

/** "Roster completo" with no valid row would make every student inactive. */
export const EMPTY_FULL_ROSTER =
  "Nenhuma linha válida no arquivo: no modo roster completo, isso tornaria inativos todos os alunos. Corrija o arquivo ou use o modo adicionar/atualizar.";

/** The dry run: what the file would do to the school's students. Nothing is written. */
export async function previewRoster(session: TenantSession, file: ImportFile, opts: RosterOptions): Promise<RosterPreviewResult> {
  assertCan(session, "roster");
  const loaded = loadRosterFile(file, opts.mapping);
  if (!loaded.ok) return loaded;
  if (opts.mode === "replace" && loaded.rows.length === 0) return { ok: false, error: EMPTY_FULL_ROSTER };
  const plan = await withTenant(session, async (tx) => planFor(loaded, await readSchool(tx, false), opts));
  return describePlan(loaded, plan, opts);
}

export function planFor(
  loaded: LoadedRoster,
  school: { students: ExistingStudent[]; unidades: string[]; schoolYear: number },
  opts: RosterOptions,
): RosterPlan {
  const confirmations = new Map(Object.entries(opts.confirmations ?? {}).map(([line, id]) => [Number(line), id]));
  return planRoster({ rows: loaded.rows, held: loaded.held, ...school, mode: opts.mode, confirmations });
}

const ORDER: Record<RowOutcome["kind"], number> = { ambiguous: 0, updated: 1, new: 2, unchanged: 3 };

function describePlan(loaded: LoadedRoster, plan: RosterPlan, opts: RosterOptions): RosterPreview {
  const count = (kind: RowOutcome["kind"]) => plan.outcomes.filter((o) => o.kind === kind).length;
  const invalid = [...loaded.invalid, ...plan.invalid].sort((a, b) => a.line - b.line);
  const warnings = [...loaded.warnings, ...plan.warnings].sort((a, b) => a.line - b.line);
  const rows = [...plan.outcomes].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.line - b.line);
  return {
    ok: true,
    fileName: loaded.fileName,
    sizeBytes: loaded.sizeBytes,
    sha256: loaded.sha256,
    encoding: loaded.encoding,
    delimiter: loaded.delimiter,
    headers: loaded.headers,
    mapping: loaded.mapping,
    mode: opts.mode,
    counts: {
      new: count("new"),
      updated: count("updated"),
      unchanged: count("unchanged"),
      ambiguous: count("ambiguous"),
      invalid: invalid.length,
      warnings: warnings.length,
      toDeactivate: plan.toDeactivate.length,
    },
    rows: rows.slice(0, ROSTER_ROW_CAP).map(previewRow),
    rowsTruncated: rows.length > ROSTER_ROW_CAP,
    invalid: invalid.slice(0, ROSTER_ROW_CAP),
    warnings: warnings.slice(0, ROSTER_ROW_CAP),
    toDeactivate: plan.toDeactivate.slice(0, ROSTER_ROW_CAP).map(previewStudent),
    toDeactivateTruncated: plan.toDeactivate.length > ROSTER_ROW_CAP,
  };
}

const previewStudent = (s: ExistingStudent): PreviewStudent => ({
  id: s.id, nome: s.nome, matricula: s.matricula, serie: s.serie, turma: s.turma,
});

function previewRow(o: RowOutcome): RosterPreviewRow {
  switch (o.kind) {
    case "new":
      return { kind: "new", line: o.line, nome: o.values.nome, matricula: o.values.matricula, serie: o.values.serie, turma: o.values.turma };
    case "updated":
      return { kind: "updated", line: o.line, student: previewStudent(o.student), changes: o.changes };
    case "unchanged":
      return { kind: "unchanged", line: o.line, student: previewStudent(o.student) };
    case "ambiguous":
      return o;
  }
}

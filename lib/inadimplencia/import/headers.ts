import { cleanCell } from "@/lib/csv/clean-cell";
import { normText } from "@/lib/inadimplencia/norm-text";
import { FIELD_LABELS, IMPORT_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportField } from "./contract";

// Header names the finance systems and hand-made spreadsheets use, written as
// people write them; they are compared by headerKey, so case, accents,
// spaces, underscores and punctuation do not matter ("Cód." = "cod").
//
// Two codes: a bare "Código" (or "Código da dívida", "Título") is the debt's
// own code, codigo_inadim; the student's code needs its own words — matrícula,
// RA, "código do aluno" — and goes to codigo_aluno, which links the row.
const ALIASES: Record<ImportField, string[]> = {
  codigo_inadim: [
    "codigo_inadim", "Código", "Cód.", "Codigo Inadim", "Cód. Inadim", "Código do inadimplente",
    "Código de inadimplência", "Código da dívida", "Título",
  ],
  student_name: [
    "student_name", "Aluno", "Aluna", "Aluno(a)", "Nome", "Nome do aluno", "Nome do(a) aluno(a)", "Nome aluno",
    "Estudante", "Nome do estudante",
  ],
  guardian1_name: [
    "guardian1_name", "Responsável", "Responsável 1", "Responsável financeiro", "Nome do responsável",
    "Nome do responsável 1", "Nome responsável",
  ],
  student_escola: [
    "student_escola", "Escola", "Unidade", "Unidade escolar", "Colégio", "Nome da escola", "Nome da unidade",
  ],
  meses_inadim: [
    "meses_inadim", "Meses em atraso", "Meses de atraso", "Meses", "Qtd meses", "Qtd. de meses",
    "Quantidade de meses", "Meses inadimplentes",
  ],
  codigo_aluno: ["codigo_aluno", "Matrícula", "RA", "Código do aluno", "cod_aluno", "id_aluno"],
};

function headerKey(header: string): string {
  return (normText(header) ?? "").replace(/[^a-z0-9]/g, "");
}

const FIELD_BY_KEY = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [headerKey(alias), field] as const)),
);

/** Whether a header cell names one of the contract's fields: the header search of lib/csv/parse looks for it. */
export function isKnownHeader(name: string): boolean {
  return FIELD_BY_KEY.has(headerKey(name));
}

/**
 * The columns the header names revealed that a manual mapping left as "não
 * importar" (and did not give to another field): the preview says so, since
 * the field will be empty on every imported row.
 */
export function recognisedButUnmapped(header: readonly string[], manual: ColumnMapping): string[] {
  const names = header.map(cleanCell);
  const used = new Set(Object.values(pickFields(manual)));
  const notes: string[] = [];
  for (const [field, columns] of detectColumns(names)) {
    if (manual[field] !== undefined || used.has(columns[0])) continue;
    notes.push(
      `A coluna ${listColumns(names, [columns[0]])} foi reconhecida como “${FIELD_LABELS[field]}”, ` +
        "mas ficou como “não importar”: esse campo não será importado.",
    );
  }
  return notes;
}

export interface ExtraColumn {
  index: number;
  header: string;
}

export type ColumnResolution =
  | { ok: true; mapping: ColumnMapping; extraColumns: ExtraColumn[] }
  /** `suggested` holds what the header names did reveal, to pre-fill the manual mapping. */
  | { ok: false; error: string; suggested: ColumnMapping };

/**
 * Which column holds each contract field. Without `manual`, from the header
 * names; with it, exactly as given — the manual mapping is the whole mapping
 * (the preview pre-fills it with `suggested`), so a field it leaves out is
 * not imported. Columns that hold no field are returned as `extraColumns`.
 */
export function resolveColumns(header: readonly string[], manual?: ColumnMapping): ColumnResolution {
  const names = header.map(cleanCell);
  const found = detectColumns(names);
  const suggested: ColumnMapping = {};
  for (const [field, columns] of found) suggested[field] = columns[0];

  const fail = (error: string): ColumnResolution => ({ ok: false, error, suggested });
  const problem = manual ? checkManual(names, manual) : checkDetected(names, found);
  if (problem) return fail(problem);

  const mapping = manual ? pickFields(manual) : suggested;
  const used = new Set(Object.values(mapping));
  const extraColumns = names.flatMap((name, index) => (used.has(index) ? [] : [{ index, header: name }]));
  return { ok: true, mapping, extraColumns };
}

function detectColumns(names: string[]): Map<ImportField, number[]> {
  const found = new Map<ImportField, number[]>();
  names.forEach((name, index) => {
    const field = FIELD_BY_KEY.get(headerKey(name));
    if (field) found.set(field, [...(found.get(field) ?? []), index]);
  });
  return found;
}

function checkDetected(names: string[], found: Map<ImportField, number[]>): string | null {
  if (found.size === 0) {
    return (
      "Nenhuma coluna do cabeçalho foi reconhecida. Indique qual coluna contém cada campo " +
      "(o nome do aluno é obrigatório)."
    );
  }
  for (const [field, columns] of found) {
    if (columns.length > 1) {
      return (
        `As colunas ${listColumns(names, columns)} correspondem ao mesmo campo, “${FIELD_LABELS[field]}”. ` +
        "Remova uma delas do arquivo ou indique qual usar."
      );
    }
  }
  const missing = REQUIRED_FIELDS.find((field) => !found.has(field));
  if (missing) {
    return `Falta a coluna obrigatória “${FIELD_LABELS[missing]}” (${missing}). Indique qual coluna a contém.`;
  }
  return null;
}

function checkManual(names: string[], manual: ColumnMapping): string | null {
  const fieldsByColumn = new Map<number, ImportField[]>();
  for (const [field, index] of Object.entries(pickFields(manual)) as [ImportField, number][]) {
    if (!Number.isInteger(index) || index < 0 || index >= names.length) {
      return `O mapeamento do campo “${FIELD_LABELS[field]}” aponta para uma coluna que não existe no arquivo.`;
    }
    fieldsByColumn.set(index, [...(fieldsByColumn.get(index) ?? []), field]);
  }
  for (const [index, fields] of fieldsByColumn) {
    if (fields.length > 1) {
      return (
        `A coluna ${listColumns(names, [index])} foi escolhida para mais de um campo ` +
        `(${fields.map((f) => `“${FIELD_LABELS[f]}”`).join(" e ")}).`
      );
    }
  }
  const missing = REQUIRED_FIELDS.find((field) => manual[field] === undefined);
  if (missing) return `Escolha a coluna que contém o campo obrigatório “${FIELD_LABELS[missing]}”.`;
  return null;
}

/** Only the contract's fields: the manual mapping arrives from a form. */
function pickFields(manual: ColumnMapping): ColumnMapping {
  const picked: ColumnMapping = {};
  for (const field of IMPORT_FIELDS) if (manual[field] !== undefined) picked[field] = manual[field];
  return picked;
}

function listColumns(names: string[], columns: number[]): string {
  const described = columns.map((i) => (names[i] ? `“${names[i]}” (coluna ${i + 1})` : `coluna ${i + 1}`));
  return described.length > 1 ? `${described.slice(0, -1).join(", ")} e ${described.at(-1)}` : described[0];
}

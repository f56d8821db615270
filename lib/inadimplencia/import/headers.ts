import * as shared from "@/lib/import/headers";
import { resolveContractColumns, type ColumnResolution as SharedResolution, type ExtraColumn } from "@/lib/import/headers";
import { FIELD_LABELS, IMPORT_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportField } from "./contract";

// Header names the finance systems and hand-made spreadsheets use, written as
// people write them; they are compared by headerKey, so case, accents,
// spaces, underscores and punctuation do not matter ("Cód." = "cod").
//
// Two codes: a bare "Código" (or "Código da dívida", "Título") is the debt's
// own code, codigo_inadim; the student's code needs its own words — matrícula,
// RA, "código do aluno" — and goes to codigo_aluno, which links the row.
const ALIASES: Record<ImportField, readonly string[]> = {
  codigo_inadim: [
    "codigo_inadim", "Código", "Cód.", "Codigo Inadim", "Cód. Inadim", "Código do inadimplente",
    "Código de inadimplência", "Código da dívida", "Título",
  ],
  student_name: [
    "student_name", "Aluno", "Aluna", "Aluno(a)", "Nome", "Nome do aluno", "Nome do(a) aluno(a)", "Nome aluno",
    "Estudante", "Nome do estudante", "Alunos", "Alunas", "Alunos(as)", "Estudantes", "Nome dos alunos",
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

/** The list's header contract; the resolution itself is the shared pipeline's. */
export const LIST_HEADERS = {
  fields: IMPORT_FIELDS,
  aliases: ALIASES,
  required: REQUIRED_FIELDS,
  labels: FIELD_LABELS,
  requiredHint: "o nome do aluno é obrigatório",
};

export type { ExtraColumn };
export type ColumnResolution = SharedResolution<ImportField>;

/** Which column holds each list field (lib/import/headers.ts). */
export function resolveColumns(header: readonly string[], manual?: ColumnMapping): ColumnResolution {
  return resolveContractColumns(LIST_HEADERS, header, manual);
}

/** Whether a header cell names one of the list's fields. */
export function isKnownHeader(name: string): boolean {
  return shared.isKnownHeader(LIST_HEADERS, name);
}

/** The recognised columns a manual mapping left out (lib/import/headers.ts). */
export function recognisedButUnmapped(header: readonly string[], manual: ColumnMapping): string[] {
  return shared.recognisedButUnmapped(LIST_HEADERS, header, manual);
}

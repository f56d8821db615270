// The columns of the delinquent-list CSV (SPEC §8, seed 001). The names are
// the schools' contract and stay as they know them.
export const IMPORT_FIELDS = [
  "codigo_inadim",
  "student_name",
  "guardian1_name",
  "student_escola",
  "meses_inadim",
  // The student's code in the school (matrícula/RA): links the row to that student.
  "codigo_aluno",
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Which column of the file (0-based) holds each field; a field left out is not imported. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

/**
 * Only the student's name is required: it is the one column the list cannot
 * work without (the check matches on it). Seed 001 accepts rows without
 * guardian or school, and the code and months are informative.
 */
export const REQUIRED_FIELDS: readonly ImportField[] = ["student_name"];

/** How a field is named to the user in messages and in the mapping step. */
export const FIELD_LABELS: Record<ImportField, string> = {
  codigo_inadim: "Código",
  student_name: "Nome do aluno",
  guardian1_name: "Responsável",
  student_escola: "Unidade",
  meses_inadim: "Meses em atraso",
  codigo_aluno: "Matrícula do aluno",
};

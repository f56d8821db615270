import { cleanCell } from "@/lib/csv/clean-cell";
import { quoteValue } from "@/lib/csv/quote";

// A value no header is written as: a number, a date, a CPF or a phone
// ("1", "2024001", "12/03/2015", "123.456.789-09", "(11) 91234-5678").
const VALUE = /^[\d(][\d\s./()-]*$/;

const shown = (value: string) => quoteValue(value, 30);

/**
 * Whether the file's first line is a data row, not a header: it is when none of its cells
 * names a known column and one of them is a value no header is written as.
 * Student lists are exported without a header ("1,Isadora Lemes…", seen in
 * public repositories): read as a header, their first student was silently
 * left out — in replace mode, a debtor taken off the list.
 */
export function firstLineIsData(cells: readonly string[], isKnown: (name: string) => boolean): boolean {
  const clean = cells.map(cleanCell);
  return !clean.some((cell) => cell !== "" && isKnown(cell)) && clean.some((cell) => VALUE.test(cell));
}

/**
 * The columns of a file without a header, by position. The mapping step adds
 * each column's first value (`withValues`); what is kept with the import
 * (headers, warnings) does not, since those values are a student's data.
 */
export function headerlessNames(cells: readonly string[], withValues = false): string[] {
  return cells.map((cell, i) => {
    const value = cleanCell(cell);
    return withValues && value ? `Coluna ${i + 1}: ${shown(value)}` : `Coluna ${i + 1}`;
  });
}

/** Said in the mapping step and in the preview about a file without a header. */
export function headerlessNote(line: number): string {
  return `O arquivo não tem linha de cabeçalho (a linha ${line} já traz valores, não nomes de colunas): ` +
    "ela é lida como dados, e as colunas são indicadas à mão.";
}

/** Said in the preview when columns were indicated by hand and the header line named none the import knows. */
export function unknownHeaderNote(line: number, cells: readonly string[]): string {
  return `A linha ${line} foi lida como cabeçalho e não é importada: ${cells.map(cleanCell).filter(Boolean).map(shown).join(", ")}. ` +
    "Se ela for um registro, inclua uma linha de cabeçalho no arquivo.";
}

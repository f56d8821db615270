import { cleanCell } from "@/lib/csv/clean-cell";
import { quoteValue } from "@/lib/csv/quote";
import type { CsvRecord } from "@/lib/csv/parse";
import { shiftedRowReason, type RowNote } from "@/lib/import/contract";
import { lastOfEachKey } from "@/lib/import/last-of-each-key";
import { unreadableNameProblem } from "@/lib/import/unreadable-name";
import { normText } from "@/lib/inadimplencia/norm-text";
import { FIELD_LABELS, type ColumnMapping } from "./contract";

/** A row ready for the preview, with the line of the file it came from. */
export interface ImportRow {
  line: number;
  codigoInadim: string | null;
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
  mesesInadim: number | null;
  /** The student's code as the file gives it; it links the row at commit. */
  codigoAluno: string | null;
}

export type { RowNote };

/**
 * The key of a row refused as invalid, read from its cells as they are. The
 * student is still in the finance export, so replace mode must not take them
 * off the list: an invalid row leaves the list's row as it was.
 */
export interface HeldKey {
  studentName: string;
  guardian1Name: string | null;
  studentEscola: string | null;
}

export interface ValidatedRows {
  rows: ImportRow[];
  invalid: RowNote[];
  warnings: RowNote[];
  held: HeldKey[];
}

// Names and schools are free text, but one of thousands of characters is a
// broken export, not a name. The code is an identifier from the finance system.
export const MAX_NAME = 200;
const MAX_CODE = 50;
// Far beyond any real debt, and far below integer overflow in the column: a
// larger number means a wrong column (an amount, a year) was mapped as months.
const MAX_MONTHS = 999;
// "3" and "03" only. A decimal part, even zero ("385.0", "500,00"), means the
// column holds amounts rather than months (seen in real exports), and the
// pt-BR thousands "1.000" must not be read as 1.
const WHOLE_NUMBER = /^\d+$/;

const quoted = (value: string) => quoteValue(value, 30);

const tooLong = (label: string, value: string, max: number) =>
  `${label} com ${value.length} caracteres; o máximo é ${max}.`;

/**
 * One row's cells against the contract, every problem of the row reported, in
 * the order of the columns. Written out by hand rather than as a schema: it runs
 * for every row of files of 200 000 rows, twice per import (preview and commit),
 * and a schema library's per-row objects were most of the reading's time and of
 * the garbage that set the upload's peak memory.
 */
function checkRow(
  line: number,
  cells: Record<"codigo" | "name" | "guardian" | "escola" | "months" | "codigoAluno", string>,
): { row: ImportRow } | { reason: string } {
  const problems: string[] = [];
  const optional = (label: string, raw: string, max: number) => {
    const value = cleanCell(raw);
    if (value.length > max) problems.push(tooLong(label, value, max));
    return value || null;
  };
  const codigoInadim = optional(FIELD_LABELS.codigo_inadim, cells.codigo, MAX_CODE);
  const studentName = cleanCell(cells.name);
  if (studentName === "") problems.push(`${FIELD_LABELS.student_name} vazio.`);
  else if (studentName.length > MAX_NAME) problems.push(tooLong(FIELD_LABELS.student_name, studentName, MAX_NAME));
  else {
    const unreadable = unreadableNameProblem(FIELD_LABELS.student_name, studentName);
    if (unreadable) problems.push(unreadable);
  }
  const guardian1Name = optional(FIELD_LABELS.guardian1_name, cells.guardian, MAX_NAME);
  const studentEscola = optional(FIELD_LABELS.student_escola, cells.escola, MAX_NAME);
  const mesesInadim = months(cells.months, problems);
  const codigoAluno = optional(FIELD_LABELS.codigo_aluno, cells.codigoAluno, MAX_CODE);
  if (problems.length > 0) return { reason: problems.join(" ") };
  return { row: { line, codigoInadim, studentName, guardian1Name, studentEscola, mesesInadim, codigoAluno } };
}

function months(raw: string, problems: string[]): number | null {
  const value = cleanCell(raw);
  if (value === "") return null;
  if (!WHOLE_NUMBER.test(value)) {
    problems.push(
      /^-\s*\d/.test(value)
        ? `${FIELD_LABELS.meses_inadim} não pode ser negativo: ${quoted(value)}.`
        : `${FIELD_LABELS.meses_inadim} deve ser um número inteiro: ${quoted(value)}.`,
    );
    return null;
  }
  const n = Number(value);
  if (n > MAX_MONTHS) {
    problems.push(`${FIELD_LABELS.meses_inadim} acima do máximo de ${MAX_MONTHS}: ${quoted(value)}.`);
    return null;
  }
  return n;
}

/**
 * Checks every data row against the contract and keeps, of rows that repeat
 * one key — the partial unique index's (normalised student, guardian or '',
 * school or '', student's code or '') — only the last: the file is read top to
 * bottom, so its later line is the newer information. Each overridden row
 * becomes a warning. Two rows of one name with different student codes are two
 * students who both owe (homonyms), not a repeat.
 *
 * A row with more filled cells than the header has columns is refused: a
 * delimiter inside an unquoted value has shifted its cells, and reading it
 * would store a school as a guardian. A shorter row is read with the missing
 * cells empty, since some exporters drop trailing empty cells.
 */
export function validateRows(
  records: Iterable<CsvRecord>,
  mapping: ColumnMapping,
  columnCount: number,
): ValidatedRows {
  const valid: ImportRow[] = [];
  const invalid: RowNote[] = [];
  const held: HeldKey[] = [];
  for (const { line, cells } of records) {
    const cell = (index: number | undefined) => (index === undefined ? "" : (cells[index] ?? ""));
    const hold = () => {
      const key = heldKey(cells, mapping);
      if (key) held.push(key);
    };
    const shifted = shiftedRowReason(cells, columnCount);
    if (shifted) {
      hold();
      invalid.push({ line, reason: shifted });
      continue;
    }
    const checked = checkRow(line, {
      codigo: cell(mapping.codigo_inadim),
      name: cell(mapping.student_name),
      guardian: cell(mapping.guardian1_name),
      escola: cell(mapping.student_escola),
      months: cell(mapping.meses_inadim),
      codigoAluno: cell(mapping.codigo_aluno),
    });
    if ("row" in checked) valid.push(checked.row);
    else {
      hold();
      invalid.push({ line, reason: checked.reason });
    }
  }
  const { rows, warnings } = keepLastOfEachKey(valid);
  return { rows, invalid, warnings, held };
}

/**
 * The key a row's cells name, to hold in replace mode, or null without a
 * name. Even a shifted row's name cell may be right: holding a key that
 * matches nobody costs nothing, unblocking a debtor by mistake costs the school.
 */
export function heldKey(cells: readonly string[], mapping: ColumnMapping): HeldKey | null {
  const cell = (index: number | undefined) => (index === undefined ? "" : cleanCell(cells[index] ?? ""));
  const studentName = cell(mapping.student_name);
  if (!studentName) return null;
  return { studentName, guardian1Name: cell(mapping.guardian1_name) || null, studentEscola: cell(mapping.student_escola) || null };
}

const SAME_KEY = "mesmo aluno, responsável e escola";
const SAME_KEY_WITH_CODE = "mesmo aluno, responsável, escola e código do aluno";

function keepLastOfEachKey(valid: ImportRow[]): { rows: ImportRow[]; warnings: RowNote[] } {
  const { kept, replaced } = lastOfEachKey(valid, activeKey);
  const warnings = replaced.map(({ earlier, by }) => ({
    line: earlier.line,
    reason: `Linha repetida: substituída pela linha ${by.line} (${by.codigoAluno ? SAME_KEY_WITH_CODE : SAME_KEY}).`,
  }));
  return { rows: kept, warnings: warnings.sort((a, b) => a.line - b.line) };
}

/** The row's key in the list's partial unique index; NUL cannot occur in a cleaned value, so it separates the parts. */
function activeKey(row: ImportRow): string {
  const guardian = normText(row.guardian1Name) ?? "";
  const school = normText(row.studentEscola) ?? "";
  return `${normText(row.studentName)}\u0000${guardian}\u0000${school}\u0000${activeKeyCode(row.codigoAluno)}`;
}

/**
 * The student's code as the list's key reads it: SQL's
 * coalesce(upper(btrim(codigo_aluno)), ''), for the codes a file can carry
 * (cleaned cells, no surrounding spaces). Staging repeats the dedup in SQL, so
 * a rare letter that upper-cases differently cannot let two rows of one key through.
 */
const activeKeyCode = (code: string | null) => (code ?? "").trim().toUpperCase();

// An amount as finance exports write it: "R$ 1.234,56", "980,00", "450.10".
const MONEY = /R\$|^-?\d{1,3}(?:\.\d{3})*,\d{2}$|^-?\d+[.,]\d{2}$/;
// More months than two school years is not a plausible typical debt.
const MAX_MEDIAN_MONTHS = 24;

/**
 * Whether the cells of the months column look like money — any "R$", half of
 * the values with two decimals, or a median over 24 — so the column mapped as
 * months is probably the amount owed. Shown the column's cells one by one as
 * the file is read; the rows are judged one by one anyway, this only warns
 * about the column.
 */
export function moneyWatch(): { see(raw: string): void; looksLikeMoney(): boolean } {
  let filled = 0;
  let money = 0;
  let currency = false;
  const numbers: number[] = [];
  return {
    see(raw) {
      const value = cleanCell(raw);
      if (value === "" || currency) return;
      filled++;
      if (value.includes("R$")) currency = true;
      if (MONEY.test(value)) money++;
      const n = amount(value);
      if (n !== null) numbers.push(n);
    },
    looksLikeMoney: () => currency || (filled > 0 && (money * 2 >= filled || median(numbers) > MAX_MEDIAN_MONTHS)),
  };
}

/** A number written in pt-BR ("1.234,56") or plainly ("1234.56"), or null. */
function amount(value: string): number | null {
  const plain = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(value) ? value.replace(/\./g, "").replace(",", ".") : value.replace(",", ".");
  const n = Number(plain);
  return plain !== "" && Number.isFinite(n) ? n : null;
}

function median(numbers: number[]): number {
  if (numbers.length === 0) return 0;
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

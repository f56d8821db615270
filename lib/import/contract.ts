import type { CsvRecord } from "@/lib/csv/parse";
import { filledWidth } from "@/lib/csv/report-lines";

/**
 * What makes one import out of the shared pipeline (decode, delimiter, header
 * aliases and mapping, validation): the fields of its file, how people name
 * them, which are required, and how one row is checked. The delinquent list
 * (lib/inadimplencia/import/contract.ts) and the roster
 * (lib/people/roster/contract.ts) are the two contracts.
 */
export interface ImportContract<F extends string = string, R = unknown, H = unknown> {
  fields: readonly F[];
  /** Header names as people write them; compared ignoring case, accents, spaces and punctuation. */
  aliases: Record<F, readonly string[]>;
  required: readonly F[];
  /** How a field is named to the user in messages and in the mapping step. */
  labels: Record<F, string>;
  /** Said when no header is recognised, e.g. "o nome do aluno é obrigatório". */
  requiredHint: string;
  /** Reads `records` once, in order: they are split from the file as they are asked for. */
  validate(records: Iterable<CsvRecord>, mapping: FieldMapping<F>, columnCount: number): ValidatedRows<R, H>;
  /**
   * What the cells of lines an unpaired quote may have joined into one record
   * still say about existing records (held like an invalid row's), or null.
   */
  heldFromCells(cells: readonly string[], mapping: FieldMapping<F>): H | null;
  /**
   * Remarks on whole columns (e.g. a months column that holds money), shown
   * as warnings on the header line: shown every record as it is read, then
   * asked for its remarks.
   */
  columnWatch?(mapping: FieldMapping<F>, headers: readonly string[]): ColumnWatch;
}

/** Looks at every record of a file as it goes by, and then says what it saw of whole columns. */
export interface ColumnWatch {
  see(cells: readonly string[]): void;
  notes(): string[];
}

/** Which column of the file (0-based) holds each field; a field left out is not imported. */
export type FieldMapping<F extends string = string> = Partial<Record<F, number>>;

/** A rejected or overridden row, explained in Portuguese. */
export interface RowNote {
  line: number;
  reason: string;
}

export interface ValidatedRows<R, H> {
  rows: R[];
  invalid: RowNote[];
  warnings: RowNote[];
  /** What invalid rows still say about existing records (the full-list modes leave those alone). */
  held: H[];
}

/**
 * A row with more filled cells than the header has columns: a delimiter
 * inside an unquoted value has shifted its cells, and reading it would store
 * one field as another. A shorter row is read with the missing cells empty,
 * since some exporters drop trailing empty cells.
 */
export function shiftedRowReason(cells: readonly string[], columnCount: number): string | null {
  const width = filledWidth(cells);
  if (width <= columnCount) return null;
  return `A linha tem ${width} campos, mas o cabeçalho tem ${columnCount}. ` +
    "Algum valor contém o separador sem estar entre aspas?";
}

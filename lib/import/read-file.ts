import { cleanCell } from "@/lib/csv/clean-cell";
import { decodeCsvBytes, type CsvEncoding } from "@/lib/csv/decode";
import { parseCsvText, type CsvDelimiter, type CsvRecord, type ParsedCsv } from "@/lib/csv/parse";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/http/limited-form";
import type { FieldMapping, ImportContract, RowNote, ValidatedRows } from "./contract";
import { firstLineIsData, headerlessNames, headerlessNote, unknownHeaderNote } from "./headerless";
import { isKnownHeader, recognisedButUnmapped, resolveContractColumns, type ExtraColumn } from "./headers";

export interface ReadImportOptions<F extends string = string> {
  /** Largest accepted file; default IMPORT_MAX_BYTES or 20 MB (SPEC §8). */
  maxBytes?: number;
  /** Most data rows accepted; default IMPORT_MAX_ROWS or 200 000. */
  maxRows?: number;
  /** The whole column mapping chosen by hand in the preview; without it, the header names decide. */
  mapping?: FieldMapping<F>;
}

export interface ReadImportSuccess<F extends string = string, R = unknown, H = unknown> {
  ok: true;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  headers: string[];
  mapping: FieldMapping<F>;
  rows: R[];
  invalid: RowNote[];
  warnings: RowNote[];
  held: H[];
  extraColumns: ExtraColumn[];
}

/** The file cannot be read at all: nothing of it can be imported. */
export interface ReadImportFailure {
  ok: false;
  needsMapping: false;
  error: string;
}

/** The file is readable but its columns are not known: the preview asks which column holds each field. */
export interface ReadImportNeedsMapping<F extends string = string> {
  ok: false;
  needsMapping: true;
  error: string;
  headers: string[];
  /** What the header names revealed: the mapping step starts from it. */
  suggested: FieldMapping<F>;
}

export type ReadImportResult<F extends string = string, R = unknown, H = unknown> =
  | ReadImportSuccess<F, R, H> | ReadImportFailure | ReadImportNeedsMapping<F>;

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const DEFAULT_MAX_ROWS = 200_000;

/**
 * The database-free half of an import: bytes of the uploaded file to rows
 * checked against the contract. Problems with the whole file come back as a
 * message; problems with single rows as `invalid` (with line and reason), so
 * the preview can show both before anything is written.
 */
export function readContractFile<F extends string, R, H>(
  contract: ImportContract<F, R, H>,
  bytes: Uint8Array,
  options: ReadImportOptions<F> = {},
): ReadImportResult<F, R, H> {
  const maxBytes = options.maxBytes ?? importMaxBytes();
  const maxRows = options.maxRows ?? limitFromEnv("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS);
  const fail = (error: string): ReadImportFailure => ({ ok: false, needsMapping: false, error });

  if (bytes.length > maxBytes) {
    return fail(`O arquivo tem ${formatBytes(bytes.length)}; o limite é ${formatBytes(maxBytes)}.`);
  }
  let encoding: CsvEncoding;
  let parsed: ParsedCsv;
  try {
    const decoded = decodeCsvBytes(bytes);
    encoding = decoded.encoding;
    parsed = parseCsvText(decoded.text, { maxRows, isKnownColumn: (name) => isKnownHeader(contract, name) });
  } catch (error) {
    if (error instanceof AppError) return fail(error.message);
    throw error;
  }

  const { header, delimiter } = parsed;
  if (!header) return fail("O arquivo está vazio.");
  const isKnown = (name: string) => isKnownHeader(contract, name);
  const headerless = firstLineIsData(header.cells, isKnown);
  const records = parsed.rows[Symbol.iterator]();
  let first: IteratorResult<CsvRecord>;
  try {
    first = records.next();
  } catch (error) {
    if (error instanceof AppError) return fail(error.message);
    throw error;
  }
  if (first.done && !headerless) return fail("O arquivo tem só o cabeçalho, sem nenhuma linha de dados.");

  const headers = headerless ? headerlessNames(header.cells) : header.cells.map(cleanCell);
  const columns = resolveContractColumns(contract, headers, options.mapping);
  if (!columns.ok) {
    if (!headerless) return { ok: false, needsMapping: true, error: columns.error, headers, suggested: columns.suggested };
    const error = `${headerlessNote(header.line)} Indique qual coluna contém cada campo (${contract.requiredHint}).`;
    return { ok: false, needsMapping: true, error, headers: headerlessNames(header.cells, true), suggested: columns.suggested };
  }
  const headerNotes = headerless
    ? [headerlessNote(header.line)]
    : options.mapping && !header.cells.some((cell) => isKnown(cleanCell(cell)))
      ? [unknownHeaderNote(header.line, header.cells)]
      : [];

  // The records go through the column watch and the row checks as they are
  // split, one at a time, so the file is never held as records whole. The
  // first line of a file without a header is its first record.
  const watch = contract.columnWatch?.(columns.mapping, headers);
  const firstLine = header;
  function* watched() {
    if (headerless) {
      watch?.see(firstLine.cells);
      yield firstLine;
    }
    for (let next = first; !next.done; next = records.next()) {
      watch?.see(next.value.cells);
      yield next.value;
    }
  }
  let validated: ValidatedRows<R, H>;
  try {
    validated = contract.validate(watched(), columns.mapping, headers.length);
  } catch (error) {
    if (error instanceof AppError) return fail(error.message);
    throw error;
  }
  const { rows, invalid, warnings: rowWarnings, held } = validated;
  // Lines an unpaired quote may have joined into one record are held too, so
  // the full-list modes do not take the records they name off.
  for (const { cells } of parsed.joinedLines) {
    const key = contract.heldFromCells(cells, columns.mapping);
    if (key) held.push(key);
  }
  const columnNotes = [
    ...headerNotes,
    ...(options.mapping ? recognisedButUnmapped(contract, headers, options.mapping) : []),
    ...(watch?.notes() ?? []),
  ];
  // In the order of the file; a sort is stable, so notes of one line keep theirs.
  const warnings = [
    ...columnNotes.map((reason) => ({ line: header.line, reason })),
    ...parsed.warnings,
    ...rowWarnings,
  ].sort((a, b) => a.line - b.line);
  return {
    ok: true,
    encoding,
    delimiter,
    headers,
    mapping: columns.mapping,
    rows,
    invalid,
    warnings,
    held,
    extraColumns: columns.extraColumns,
  };
}

/** The largest file an import accepts (SPEC §8: 20 MB unless IMPORT_MAX_BYTES says otherwise). */
export function importMaxBytes(): number {
  return limitFromEnv("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES);
}

/** A positive integer from the environment; anything else leaves the SPEC's default. */
function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

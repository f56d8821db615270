import { AppError } from "@/lib/errors";
import { splitRecords, type CsvNote, type SplitRecord } from "./records";
import {
  findHeader, HEADER_SEARCH_LINES, isFooterLine, knownCells, recordText, sameCells, type KnownColumn,
} from "./report-lines";

export type { CsvNote } from "./records";
export type { KnownColumn } from "./report-lines";

export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** One record of the file; `line` is the physical line where it starts (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** The header record, or null when the file has no record. */
  header: CsvRecord | null;
  /**
   * The data records, split as they are read: to be read once, in order. A
   * file of 200 000 rows is then never held as records all at once (they were
   * most of an upload's peak memory); `warnings` and `joinedLines` are
   * complete once the rows have all been read.
   */
  rows: Iterable<CsvRecord>;
  /**
   * Lines read but left out of `rows` (report titles above the header, a
   * header repeated on a page break, totals and footers) and quoting
   * oddities, each with its line, in the order of the file.
   */
  warnings: CsvNote[];
  /**
   * The physical lines of each record whose quoted field runs over lines with
   * the delimiter inside, split as if its quotes were text (quotes around
   * cells dropped): they may be records an unpaired quote joined, so a caller
   * can keep them from being read as absent.
   */
  joinedLines: CsvRecord[];
}

export interface ParseOptions {
  /** Most data records (after the header) accepted; parsing stops at the first one over it. */
  maxRows?: number;
  /**
   * Recognises the caller's column names. With it, the header is the line
   * among the first 20 that names the most known columns (titles above it
   * are skipped), and the delimiter is the one under which it does.
   * Without it, the first record is the header.
   */
  isKnownColumn?: KnownColumn;
}

/**
 * Splits decoded CSV text into records, every cell kept as text (codes keep
 * their leading zeros; nothing is typed). Blank records — every cell empty or
 * spaces — are left out, and every row keeps the line number an editor shows.
 * Excel's `sep=;` first line chooses the delimiter and is skipped.
 */
export function parseCsvText(text: string, options: ParseOptions = {}): ParsedCsv {
  // The records are split at "\n" and "\r\n" alike. A "\r" alone (old Mac
  // files) is made "\n" first; not otherwise, since that copy of a 20 MB text
  // was a sixth of an upload's peak memory. Inside a quoted field it only
  // changes which line break the value holds.
  const normalised = /\r(?!\n)/.test(text) ? text.replace(/\r\n?/g, "\n") : text;
  const sep = excelSepLine(normalised);
  const start = sep ? sep.length : 0;
  const firstLine = sep ? 2 : 1;
  const delimiter = sep?.delimiter ?? chooseDelimiter(normalised, start, firstLine, options.isKnownColumn);
  const maxRows = options.maxRows ?? Infinity;
  const warnings: CsvNote[] = [];
  const records = nonBlank(splitRecords(normalised, delimiter, start, firstLine));

  // The first lines, where the header is looked for; at least the first record.
  const head: SplitRecord[] = [];
  let next = records.next();
  while (!next.done && (head.length === 0 || next.value.line <= HEADER_SEARCH_LINES)) {
    head.push(next.value);
    next = records.next();
  }
  if (head.length === 0) return { delimiter, header: null, rows: [], warnings, joinedLines: [] };
  const headerIndex = options.isKnownColumn ? findHeader(head, options.isKnownColumn) : 0;
  const header = head[headerIndex];
  const titles = head.slice(0, headerIndex);
  for (const title of titles) {
    warnings.push({
      line: title.line,
      reason: `Acima do cabeçalho (título ou informação do relatório), ignorada: ${recordText(title.cells)}.`,
    });
  }
  if (header.notes) warnings.push(...header.notes);

  const joinedLines: CsvRecord[] = [];
  function* dataRows(): Generator<CsvRecord> {
    let count = 0;
    for (const record of afterHeader()) {
      const skipped = reportLine(record, header, titles);
      if (skipped) {
        warnings.push({ line: record.line, reason: skipped });
        continue;
      }
      if (record.notes) warnings.push(...record.notes);
      if (record.suspect) joinedLines.push(...physicalLines(normalised, record, delimiter));
      if (++count > maxRows) {
        throw new AppError(
          "VALIDATION",
          `O arquivo passa do limite de ${maxRows.toLocaleString("pt-BR")} linhas de dados. ` +
            "Divida a lista em arquivos menores.",
        );
      }
      yield { line: record.line, cells: record.cells };
    }
  }
  function* afterHeader(): Generator<SplitRecord> {
    yield* head.slice(headerIndex + 1);
    for (; !next.done; next = records.next()) yield next.value;
  }
  return { delimiter, header: { line: header.line, cells: header.cells }, rows: dataRows(), warnings, joinedLines };
}

function physicalLines(text: string, record: SplitRecord, delimiter: string): CsvRecord[] {
  return text
    .slice(record.start, record.end)
    .replace(/\r$/, "")
    .split(/\r?\n/)
    .map((line, i) => ({ line: record.line + i, cells: line.split(delimiter).map((cell) => cell.replace(/^\s*"|"\s*$/g, "")) }));
}

/** Why a record after the header is not a data row, or null when it is one. */
function reportLine(record: SplitRecord, header: SplitRecord, titles: SplitRecord[]): string | null {
  if (sameCells(record.cells, header.cells)) {
    return "Cabeçalho repetido no meio do arquivo (quebra de página do relatório), ignorado.";
  }
  if (titles.some((title) => sameCells(record.cells, title.cells))) {
    return `Título do relatório repetido (quebra de página), ignorado: ${recordText(record.cells)}.`;
  }
  if (isFooterLine(record.cells)) {
    return `Linha de total ou rodapé do relatório, ignorada: ${recordText(record.cells)}.`;
  }
  return null;
}

function* nonBlank(records: Generator<SplitRecord>): Generator<SplitRecord> {
  for (const record of records) if (!record.cells.every((c) => c.trim() === "")) yield record;
}

/** Excel's first line `sep=;` (also `sep=,`, `sep=|` and a tab, written or as `\t`), with its line break. */
function excelSepLine(text: string): { delimiter: CsvDelimiter; length: number } | null {
  const match = /^"?sep=(\\t|[,;\t|])"?[^\S\n]*(?:\n|$)/i.exec(text);
  if (!match) return null;
  return { delimiter: match[1] === "\\t" ? "\t" : (match[1] as CsvDelimiter), length: match[0].length };
}

/**
 * The delimiter under which the first lines reveal the most known columns:
 * that also finds it below a report title written without any delimiter.
 * When that does not decide, the candidate that occurs most often, outside
 * quotes, in the header line (papaparse's own guess failed on files of a few
 * rows). A header with none of them is a single column: then the delimiter is
 * the candidate rarest in the whole file, so a value like "Silva, Ana" stays
 * one cell.
 */
function chooseDelimiter(text: string, start: number, firstLine: number, isKnown?: KnownColumn): CsvDelimiter {
  let candidates: readonly CsvDelimiter[] = CSV_DELIMITERS;
  let headerStart = start;
  if (isKnown) {
    const found = CSV_DELIMITERS.map((delimiter) => ({ delimiter, ...bestHeader(text, delimiter, start, firstLine, isKnown) }));
    const most = Math.max(...found.map((f) => f.count));
    if (most > 0) {
      const tied = found.filter((f) => f.count === most);
      if (tied.length === 1) return tied[0].delimiter;
      candidates = tied.map((f) => f.delimiter);
      headerStart = tied[0].start;
    }
  }
  const inHeader = countOutsideQuotes(text, headerStart);
  const best = candidates.reduce((a, b) => (inHeader[b] > inHeader[a] ? b : a));
  if (inHeader[best] > 0) return best;
  const inFile = Object.fromEntries(CSV_DELIMITERS.map((d) => [d, countChar(text, d)])) as Record<CsvDelimiter, number>;
  return candidates.reduce((a, b) => (inFile[b] < inFile[a] ? b : a));
}

/** The record of the first lines naming the most known columns under `delimiter`, and where it starts. */
function bestHeader(text: string, delimiter: string, start: number, firstLine: number, isKnown: KnownColumn) {
  let best = { count: 0, start };
  for (const record of splitRecords(text, delimiter, start, firstLine)) {
    if (record.line > HEADER_SEARCH_LINES) break;
    const count = knownCells(record.cells, isKnown);
    if (count > best.count) best = { count, start: record.start };
  }
  return best;
}

function countOutsideQuotes(text: string, from: number): Record<CsvDelimiter, number> {
  const counts: Record<CsvDelimiter, number> = { ",": 0, ";": 0, "\t": 0, "|": 0 };
  let quoted = false;
  // Blank lines before the header are skipped, as the records are.
  const blank = /(?:[^\S\n]*\n)*/y;
  blank.lastIndex = from;
  const start = from + (blank.exec(text)?.[0].length ?? 0);
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    // A doubled quote inside a quoted field toggles twice, so it needs no special case.
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "\n") break;
    else if (!quoted && isDelimiter(c)) counts[c]++;
  }
  return counts;
}

function isDelimiter(c: string): c is CsvDelimiter {
  return (CSV_DELIMITERS as readonly string[]).includes(c);
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

import Papa from "papaparse";
import { AppError } from "@/lib/errors";

export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** One record of the file; `line` is the physical line where it starts (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** The first non-blank record, or null when the file has none. */
  header: CsvRecord | null;
  rows: CsvRecord[];
}

/**
 * Splits decoded CSV text into records, every cell kept as text (codes keep
 * their leading zeros; nothing is typed). Blank records — every cell empty or
 * spaces, as papaparse's `skipEmptyLines: "greedy"` defines them — are left
 * out here rather than by papaparse, because papaparse drops them before we
 * could count the lines they occupy, and every row's line number must match
 * what the user sees in an editor.
 */
export function parseCsvText(text: string): ParsedCsv {
  // papaparse guesses one line-break style for the whole file, so a file
  // pasted together from CRLF and LF parts would keep stray "\r"s in cells.
  // Turning every break into "\n" first is safe for quoting: inside a quoted
  // field it only changes which line break the value holds.
  const normalised = text.replace(/\r\n?/g, "\n");
  const delimiter = chooseDelimiter(normalised);
  const result = Papa.parse<string[]>(normalised, {
    delimiter,
    newline: "\n",
    quoteChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
  });

  const records: CsvRecord[] = [];
  const startLines: number[] = [];
  let line = 1;
  for (const cells of result.data) {
    startLines.push(line);
    if (!isBlank(cells)) records.push({ line, cells });
    // A record ends with one line break and spans as many more as its quoted cells hold.
    line += 1 + countLineBreaks(cells);
  }

  // An unclosed quote makes papaparse read the rest of the file as one cell:
  // every row after it would vanish silently, so the file is refused.
  const unclosed = result.errors.find((e) => e.code === "MissingQuotes");
  if (unclosed) {
    const at = startLines[unclosed.row ?? 0] ?? 1;
    throw new AppError(
      "VALIDATION",
      `Há aspas (") abertas e não fechadas no registro que começa na linha ${at}; ` +
        "o restante do arquivo não pode ser lido. Corrija as aspas e envie o arquivo novamente.",
    );
  }

  return { delimiter, header: records[0] ?? null, rows: records.slice(1) };
}

/**
 * The candidate that occurs most often, outside quotes, in the header line
 * (papaparse's own guess fails on files of a few rows). A header with none of
 * them is a single column: then the delimiter is the candidate that is
 * rarest in the whole file, so a value like "Silva, Ana" stays one cell.
 */
function chooseDelimiter(text: string): CsvDelimiter {
  const inHeader = countOutsideQuotes(text);
  const best = CSV_DELIMITERS.reduce((a, b) => (inHeader[b] > inHeader[a] ? b : a));
  if (inHeader[best] > 0) return best;
  const inFile = Object.fromEntries(CSV_DELIMITERS.map((d) => [d, countChar(text, d)])) as Record<CsvDelimiter, number>;
  return CSV_DELIMITERS.reduce((a, b) => (inFile[b] < inFile[a] ? b : a));
}

function countOutsideQuotes(text: string): Record<CsvDelimiter, number> {
  const counts: Record<CsvDelimiter, number> = { ",": 0, ";": 0, "\t": 0, "|": 0 };
  let quoted = false;
  // Blank lines before the header are skipped, as the records are.
  const start = /^(?:[^\S\n]*\n)*/.exec(text)?.[0].length ?? 0;
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

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === "");
}

function countLineBreaks(cells: string[]): number {
  return cells.reduce((n, cell) => n + countChar(cell, "\n"), 0);
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

import { quoteValue } from "./quote";

/** A remark about one line of the file, in Portuguese, for the preview. */
export interface CsvNote {
  line: number;
  reason: string;
}

/** One record as split from the text; `line` is the physical line where it starts (1-based). */
export interface SplitRecord {
  line: number;
  cells: string[];
  /** Offsets in the text where the record starts and ends (its line break excluded). */
  start: number;
  end: number;
  /** A quoted field of the record runs over lines with the delimiter after a line break (see below). */
  suspect: boolean;
  /** Quoting oddities found in the record, or null (the usual case). */
  notes: CsvNote[] | null;
}

const QUOTE = 34; // '"'
const CR = 13;
const LF = 10;

const shown = (value: string) => quoteValue(value, 40);

/**
 * Splits text whose line breaks are "\n" or "\r\n" into records, from `start`
 * (counted as line `firstLine`). The "\r" of a "\r\n" is no part of a cell
 * outside quotes; a quoted value keeps its line breaks as written.
 *
 * A field that starts with a quote is a quoted field only if its closing
 * quote is followed (after optional spaces) by the delimiter, a line break or
 * the end of the text. Otherwise — `"Tuca" Ana Souza`, or a quote never
 * closed — the quote is text: the field runs to the next delimiter or line
 * break of its own line, and the rest of the line is read as usual. A
 * general-purpose parser keeps reading such a field up to some later quote,
 * merging the records in between into one cell; in replace mode that took
 * real debtors off the list. The field read as text gets a note.
 *
 * A quoted field that does close properly but spans several lines with the
 * delimiter after a line break looks like records merged by an unpaired
 * quote: it is kept (it may be a legitimate multi-line value) with a note.
 */
export function* splitRecords(text: string, delimiter: string, start = 0, firstLine = 1): Generator<SplitRecord> {
  const n = text.length;
  let pos = start;
  let line = firstLine;
  // Next delimiter and line break at or after pos, searched again only once
  // passed: searching from every field would rescan the rest of a file whose
  // delimiter never occurs (a single-column file) once per line.
  let nextDelimiter = text.indexOf(delimiter, pos);
  let nextBreak = text.indexOf("\n", pos);
  const fieldEnd = (from: number): number => {
    if (nextDelimiter !== -1 && nextDelimiter < from) nextDelimiter = text.indexOf(delimiter, from);
    if (nextBreak !== -1 && nextBreak < from) nextBreak = text.indexOf("\n", from);
    const d = nextDelimiter === -1 ? n : nextDelimiter;
    const b = nextBreak === -1 ? n : nextBreak;
    return d < b ? d : b;
  };

  while (pos < n) {
    const record: SplitRecord = { line, cells: [], start: pos, end: pos, notes: null, suspect: false };
    for (;;) {
      const quoted = text.charCodeAt(pos) === QUOTE ? readQuoted(text, pos, delimiter) : null;
      if (quoted) {
        const breaks = countBreaks(quoted.value);
        if (breaks > 0 && delimiterAfterBreak(quoted.value, delimiter)) {
          record.suspect = true;
          (record.notes ??= []).push({
            line,
            reason:
              `Um campo entre aspas começa nesta linha e só termina na linha ${line + breaks}, com o separador ` +
              "dentro dele: podem ser linhas do arquivo juntadas por aspas sem par. " +
              `Confira as linhas ${line} a ${line + breaks}.`,
          });
        }
        record.cells.push(quoted.value);
        line += breaks;
        pos = quoted.end;
      } else {
        const end = fieldEnd(pos);
        const value = text.slice(pos, text.charCodeAt(end) === LF && text.charCodeAt(end - 1) === CR && end > pos ? end - 1 : end);
        if (text.charCodeAt(pos) === QUOTE) {
          (record.notes ??= []).push({
            line,
            reason:
              `Aspas (") sem par no campo ${shown(value)}: lidas como parte do texto, ` +
              "sem juntar as linhas seguintes.",
          });
        }
        record.cells.push(value);
        pos = end;
      }
      record.end = pos;
      if (pos >= n) break;
      if (text[pos] === "\n") {
        pos++;
        line++;
        break;
      }
      pos++; // the delimiter; a delimiter at the very end leaves one more, empty, cell
    }
    yield record;
  }
}

/** The quoted field at `pos`, or null when it is not a properly quoted field. `end` is just past it. */
function readQuoted(text: string, pos: number, delimiter: string): { value: string; end: number } | null {
  const n = text.length;
  let i = pos + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) return null;
    if (text.charCodeAt(q + 1) === QUOTE) {
      i = q + 2; // a doubled quote inside the field
      continue;
    }
    // Spaces between the closing quote and the delimiter are tolerated, as spreadsheets write them.
    let after = q + 1;
    while (after < n && (text[after] === " " || (text[after] === "\t" && delimiter !== "\t"))) after++;
    if (text.charCodeAt(after) === CR && text.charCodeAt(after + 1) === LF) after++;
    if (after < n && text[after] !== "\n" && text[after] !== delimiter) return null;
    return { value: text.slice(pos + 1, q).replace(/""/g, '"'), end: after };
  }
}

function countBreaks(value: string): number {
  let count = 0;
  for (let i = value.indexOf("\n"); i !== -1; i = value.indexOf("\n", i + 1)) count++;
  return count;
}

function delimiterAfterBreak(value: string, delimiter: string): boolean {
  return value.indexOf(delimiter, value.indexOf("\n")) !== -1;
}

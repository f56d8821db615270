import { cleanCell } from "./clean-cell";
import { quoteValue } from "./quote";

/** The header is looked for among this many first lines of the file. */
export const HEADER_SEARCH_LINES = 20;

/** Recognises a header cell (already cleaned) as a column the caller knows. */
export type KnownColumn = (name: string) => boolean;

/** How many cells of a record name known columns. */
export function knownCells(cells: readonly string[], isKnown: KnownColumn): number {
  let count = 0;
  for (const cell of cells) if (isKnown(cleanCell(cell))) count++;
  return count;
}

/**
 * Index of the header among the first records: the one naming the most known
 * columns, the earliest on a tie (a report repeats its header on each page).
 * A title such as "Relatório de inadimplentes" names none; with no record
 * naming any, the first record is the header, as in a plain CSV.
 */
export function findHeader(records: readonly { cells: string[] }[], isKnown: KnownColumn): number {
  let best = 0;
  let bestCount = 0;
  records.forEach((record, index) => {
    const count = knownCells(record.cells, isKnown);
    if (count > bestCount) {
      best = index;
      bestCount = count;
    }
  });
  return best;
}

/** The same cells, spaces around them and trailing empty cells aside: a header or title repeated on a page break. */
export function sameCells(a: readonly string[], b: readonly string[]): boolean {
  const width = filledWidth(a);
  if (filledWidth(b) !== width) return false;
  for (let i = 0; i < width; i++) if (a[i].trim() !== b[i].trim()) return false;
  return true;
}

// What reports print below the rows or at each page break: "Total: 37 alunos",
// "TOTAL GERAL 37", "Total de alunos: 37", "Quantidade: 37", "Página 2 de 3",
// "Emitido em 30/11/2026". Each needs the word to stand alone, with a number,
// a colon or nothing after it, so "Total Souza" stays a name.
const FOOTER = new RegExp(
  [
    String.raw`^(?:sub)?tota(?:l|is)(?:\s+geral)?(?:\s+d[eo]s?\s+\p{L}+)?\s*(?:[:=–-]|\d|$)`,
    String.raw`^(?:quantidade|qtde?\.?|n[uú]mero)(?:\s+d[eo]s?\s+\p{L}+)?\s*[:=]`,
    String.raw`^p[aá]g(?:ina|\.)?\s*\d+(?:\s*(?:de|\/)\s*\d+)?$`,
    String.raw`^(?:emitido|gerado|impresso|extra[ií]do)\s+(?:em|por|no|pelo)\b`,
  ].join("|"),
  "iu",
);

/**
 * A total or footer line of a report. Such a line has few filled cells (a
 * student row fills the name and usually more) and its first filled cell
 * opens with one of the words above.
 */
export function isFooterLine(cells: readonly string[]): boolean {
  let first: string | null = null;
  let filled = 0;
  for (const cell of cells) {
    if (cell.trim() === "") continue;
    filled++;
    if (filled > 3) return false;
    first ??= cell;
  }
  return first !== null && FOOTER.test(cleanCell(first));
}

/** A record's text as the preview shows it: its filled cells, cleaned. */
export function recordText(cells: readonly string[]): string {
  const text = cells.map(cleanCell).filter(Boolean).join(" ");
  return quoteValue(text, 60);
}

/** Cells up to the last non-blank one: trailing empty cells (a trailing delimiter) are harmless. */
export function filledWidth(cells: readonly string[]): number {
  let width = cells.length;
  while (width > 0 && cells[width - 1].trim() === "") width--;
  return width;
}

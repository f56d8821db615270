import Papa from "papaparse";

/**
 * A CSV file for people to open in Excel: semicolons and a UTF-8 BOM, which is
 * what Excel in Portuguese reads without an import dialog, and CRLF. Cells that
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a
 * leading quote, whatever follows: papaparse's own pattern (`escapeFormulae:
 * true`) has no `s` flag, so "=cmd…" followed by a line break slipped through.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const body = Papa.unparse(
    { fields: header, data: rows.map((r) => r.map((v) => (v == null ? "" : String(v)))) },
    { delimiter: ";", newline: "\r\n", escapeFormulae: FORMULA_START, quotes: false },
  );
  return `\uFEFF${body}\r\n`;
}

/** The response of a CSV download; the name is ASCII so every browser keeps it. */
export function csvResponse(fileName: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}

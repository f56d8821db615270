import Papa from "papaparse";

/**
 * A CSV file for people to open in Excel: semicolons and a UTF-8 BOM, which is
 * what Excel in Portuguese reads without an import dialog, and CRLF. Cells that
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) are
 * neutralised by papaparse's escapeFormulae (a leading quote).
 */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const body = Papa.unparse(
    { fields: header, data: rows.map((r) => r.map((v) => (v == null ? "" : String(v)))) },
    { delimiter: ";", newline: "\r\n", escapeFormulae: true, quotes: false },
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

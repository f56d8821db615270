import { describe, expect, test } from "vitest";
import { parseCsvText, type ParseOptions } from "@/lib/csv/parse";

// The generic reader: any import gives it the column names it knows.
const known = (names: string[]) => {
  const set = new Set(names.map((n) => n.toLowerCase()));
  return (name: string) => set.has(name.toLowerCase());
};
const isKnownColumn = known(["nome", "turma", "matricula"]);
// The rows are read as they are asked for; the warnings are complete once all are read.
const parseAll = (text: string, options: ParseOptions = {}) => {
  const parsed = parseCsvText(text, options);
  const rows = [...parsed.rows];
  return { ...parsed, rows };
};
const cells = (text: string, options = {}) => parseAll(text, options).rows.map((r) => r.cells);

describe("quotes", () => {
  test("a field opening with a quote not closed before the delimiter is text up to the delimiter of its line", () => {
    const parsed = parseAll('nome,turma\n"Tuca" Ana,5A\n"Bia,5B\nCaio,"5C"\n');
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['"Tuca" Ana', "5A"] },
      { line: 3, cells: ['"Bia', "5B"] },
      { line: 4, cells: ["Caio", "5C"] },
    ]);
    expect(parsed.warnings.map((w) => w.line)).toEqual([2, 3]);
  });

  test("the rest of a line after a stray quote is read as usual, quoted fields included", () => {
    expect(cells('a,b,c\n"Tuca" Ana,"Souza, Maria",3\n')).toEqual([['"Tuca" Ana', "Souza, Maria", "3"]]);
  });

  test("properly quoted fields: doubled quotes, empty, spaces before the delimiter, a line break without the delimiter", () => {
    const parsed = parseAll('a,b,c\n"x ""y"" z","" ,"Pedro\nLima"\nfim,,\n');
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['x "y" z', "", "Pedro\nLima"] },
      { line: 4, cells: ["fim", "", ""] },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  test("a quote inside an unquoted field is text", () => {
    expect(cells('a;b\nMaria "Nena" Souza;2\n')).toEqual([['Maria "Nena" Souza', "2"]]);
  });

  test("a quoted field spanning lines with the delimiter after a break is kept, with a warning naming its lines", () => {
    const parsed = parseAll('a,b\n"Ana\nBia,2\nCaio",3\nDavi,4\n');
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(parsed.warnings).toEqual([{ line: 2, reason: expect.stringContaining("Confira as linhas 2 a 4.") }]);
    expect(parsed.joinedLines).toEqual([
      { line: 2, cells: ["Ana"] },
      { line: 3, cells: ["Bia", "2"] },
      { line: 4, cells: ["Caio", "3"] },
    ]);
  });
});

describe("Excel's sep= line", () => {
  test.each([
    ["sep=;", ";"],
    ["sep=,", ","],
    ["sep=\t", "\t"],
    ["sep=\\t", "\t"],
    ["SEP=|", "|"],
    ['"sep=;"', ";"],
  ])("%j chooses the delimiter and is not a record", (line, delimiter) => {
    const d = delimiter;
    const parsed = parseAll(`${line}\r\nnome${d}turma\r\nSilva, Ana; filha${d === "," ? "" : `${d}5A`}\r\n`, { isKnownColumn });
    expect(parsed.delimiter).toBe(delimiter);
    expect(parsed.header).toEqual({ line: 2, cells: ["nome", "turma"] });
    expect(parsed.rows[0].line).toBe(3);
    expect(parsed.warnings).toEqual([]);
  });

  test("without a known header too", () => {
    expect(parseAll("sep=;\nA;B\n1,5;2\n")).toMatchObject({ delimiter: ";", header: { line: 2, cells: ["A", "B"] } });
  });
});

describe("reports", () => {
  test("the header is found below titles, blank lines and empty cells, even a title holding another delimiter", () => {
    const parsed = parseAll("Alunos, turmas e notas — 2026\n\n;;\nEmitido por: Sistema;;\nnome;turma;matricula\nAna;5A;1\n", {
      isKnownColumn,
    });
    expect(parsed.delimiter).toBe(";");
    expect(parsed.header).toEqual({ line: 5, cells: ["nome", "turma", "matricula"] });
    expect(parsed.rows).toEqual([{ line: 6, cells: ["Ana", "5A", "1"] }]);
    expect(parsed.warnings.map((w) => w.line)).toEqual([1, 4]);
  });

  test("a header below line 20 is not searched for: the first record is the header", () => {
    const titles = Array.from({ length: 20 }, (_, i) => `Título ${i + 1}`).join("\n");
    expect(parseAll(`${titles}\nnome,turma\nAna,5A\n`, { isKnownColumn }).header?.line).toBe(1);
  });

  test("without known columns the first record is the header, as in a plain CSV", () => {
    expect(parseAll("Relatório\nnome,turma\nAna,5A\n").header).toEqual({ line: 1, cells: ["Relatório"] });
  });

  test("repeated headers and totals are skipped with a warning; names that merely start like a total are kept", () => {
    const parsed = parseAll(
      "nome,turma\nAna,5A\nnome , turma,\nTotal Souza,5B\nTotalino,5C\nTOTAL GERAL: 3,\nTotal de alunos: 3\nSubtotal 2\n" +
        "Página 1 de 2\npág. 2\nQtd. de alunos: 3\nGerado em 30/11/2026 10:00\nTotal,3\n",
      { isKnownColumn },
    );
    expect(parsed.rows.map((r) => r.cells[0])).toEqual(["Ana", "Total Souza", "Totalino"]);
    expect(parsed.warnings.map((w) => w.line)).toEqual([3, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  test("the row limit counts students only, not skipped lines", () => {
    const page = "nome,turma\nAna,5A\nBia,5B\nTotal: 2\n";
    expect(parseAll(page.repeat(3), { isKnownColumn, maxRows: 6 }).rows).toHaveLength(6);
    expect(() => parseAll(page.repeat(3), { isKnownColumn, maxRows: 5 })).toThrow(/limite de 5 linhas/);
  });
});

describe("delimiter", () => {
  test("a single-column file keeps commas and semicolons inside names", () => {
    expect(parseAll("nome\nSilva, Ana\nCosta; Bia\n", { isKnownColumn }).rows.map((r) => r.cells)).toEqual([
      ["Silva, Ana"],
      ["Costa; Bia"],
    ]);
  });

  test("a file whose delimiter never occurs after the header is read in linear time", () => {
    const text = `nome\n${"Ana Souza\n".repeat(200_000)}`;
    const started = performance.now();
    expect(parseAll(text, { isKnownColumn }).rows).toHaveLength(200_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("line breaks", () => {
  // Quoted fields before the break, a stray quote, a blank line, a field
  // spanning lines with the delimiter inside, a footer, an empty last cell.
  const lf = 'nome;turma;obs\n"Ana";"5A"\n"Tuca" Bia;5B;x\n\n"Caio\nDavi;5C";5D;\nTotal: 3 alunos;;\nEva;6A;\n';

  test.each([
    ["CRLF", lf.replace(/\n/g, "\r\n")],
    ["CR alone", lf.replace(/\n/g, "\r")],
    ["CRLF and LF mixed", lf.replace(/\n(?=")/g, "\r\n")],
  ])("%s reads as the same records, warnings and joined lines as LF", (_name, text) => {
    const expected = parseAll(lf, { isKnownColumn });
    const parsed = parseAll(text, { isKnownColumn });
    expect(parsed.rows.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.replace(/\r\n?/g, "\n")) }))).toEqual(expected.rows);
    expect(parsed.rows.flatMap((r) => r.cells).some((c) => c.endsWith("\r"))).toBe(false);
    expect(parsed.warnings).toEqual(expected.warnings);
    expect(parsed.joinedLines).toEqual(expected.joinedLines);
    expect(expected.rows.map((r) => r.line)).toEqual([2, 3, 5, 8]);
  });
});


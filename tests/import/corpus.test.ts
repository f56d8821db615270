import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import {
  readImportFile,
  type ReadImportOptions,
  type ReadImportResult,
  type ReadImportSuccess,
} from "@/lib/inadimplencia/import/read-file";

// Each file of tests/import/corpus with what reading it must give. Expected
// messages are compared whole: they are what the finance team reads.

const CORPUS = path.resolve(process.cwd(), "tests/import/corpus");
const SHARED = path.resolve(process.cwd(), "../shared/testdata");

const HEADER_ONLY_ERROR = "O arquivo tem só o cabeçalho, sem nenhuma linha de dados.";
const BINARY_ERROR =
  "O arquivo não parece ser um CSV: ele contém dados binários. " +
  "Envie a lista exportada em formato CSV (texto separado por vírgula ou ponto e vírgula).";
const ALL_FIELDS = { codigo_inadim: 0, student_name: 1, guardian1_name: 2, student_escola: 3, meses_inadim: 4 };

function ok(result: ReadImportResult): ReadImportSuccess {
  if (!result.ok) throw new Error(`expected the file to be read, got: ${result.error}`);
  return result;
}

function failsWith(error: string) {
  return (result: ReadImportResult) => expect(result).toEqual({ ok: false, needsMapping: false, error });
}

const strayQuote = (value: string) =>
  `Aspas (") sem par no campo “${value}”: lidas como parte do texto, sem juntar as linhas seguintes.`;

const moneyColumn = (header: string) =>
  `A coluna lida como “Meses em atraso” (“${header}”) parece conter valores em dinheiro ` +
  "(R$, duas casas decimais ou mediana acima de 24 meses): confira se é a coluna certa.";

/** [line, studentName] of the accepted rows. */
const names = (result: ReadImportResult) => ok(result).rows.map((r) => [r.line, r.studentName]);

interface CorpusCase {
  file: string;
  options?: ReadImportOptions;
  check: (result: ReadImportResult) => void;
}

const cases: Record<string, CorpusCase> = {
  "UTF-8 sample of the shared test data": {
    file: "sample-utf8.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter, r.rows.length, r.invalid, r.warnings]).toEqual(["utf-8", ",", 20, [], []]);
      expect(r.mapping).toEqual(ALL_FIELDS);
      expect(r.rows[0]).toEqual({
        line: 2,
        codigoInadim: "INAD-1000",
        studentName: "José de Gonçalves Gonçalves",
        guardian1Name: "Beatriz Falcão D’Ávila",
        studentEscola: "PELICANO",
        mesesInadim: 11,
        codigoAluno: null,
      });
      expect(r.rows[19]).toMatchObject({
        line: 21,
        studentName: "Ana de Pereira Sousa",
        guardian1Name: "João de Nóbrega Carvalho",
      });
    },
  },
  "Excel pt-BR sample: semicolons, windows-1252, CRLF, accents decoded": {
    file: "sample-excel-ptbr.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter, r.rows.length, r.invalid, r.warnings]).toEqual([
        "windows-1252", ";", 20, [], [],
      ]);
      expect(r.rows[0]).toEqual({
        line: 2,
        codigoInadim: "INAD-1020",
        studentName: "Maria dos Falcão Gonçalves",
        guardian1Name: "Inês da Oliveira Nóbrega",
        studentEscola: "pelicano",
        mesesInadim: 11,
        codigoAluno: null,
      });
      expect(r.rows[5]).toMatchObject({ codigoInadim: "INAD-1025", studentName: "Lúcia dos D’Ávila Nóbrega" });
      expect(r.rows[6]).toMatchObject({ studentName: "Caio da Conceição Guimarães", studentEscola: "PELICANO" });
      const text = JSON.stringify(r.rows);
      expect(text).not.toMatch(/\ufffd|Ã|\r/);
    },
  },
  "windows-1252 punctuation at bytes 0x80-0x9F (’ “ ” – … € Œ Š Ž Ÿ)": {
    file: "windows-1252-punctuation.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.encoding).toBe("windows-1252");
      expect(r.rows.map((row) => [row.studentName, row.guardian1Name])).toEqual([
        ["Ana D’Ávila", "Maria “Nena” Souza"],
        ["Œdipo Šimek", "Žofia Ÿvone"],
      ]);
      expect(r.extraColumns).toEqual([{ index: 2, header: "Observação" }]);
    },
  },
  "UTF-8 with BOM and Portuguese header aliases": {
    file: "utf8-bom.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.encoding).toBe("utf-8");
      expect(r.headers).toEqual(["Código", "Aluno", "Responsável", "Escola", "Meses em atraso"]);
      expect(r.mapping).toEqual(ALL_FIELDS);
      expect(names(r)).toEqual([[2, "João Conceição"], [3, "Ângela D’Ávila"]]);
    },
  },
  "UTF-16 LE with BOM, tab-separated (Excel's Unicode text)": {
    file: "utf16le-bom.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter]).toEqual(["utf-16le", "\t"]);
      expect(r.mapping).toEqual(ALL_FIELDS);
      expect(r.rows[1]).toEqual({
        line: 3,
        codigoInadim: "INAD-2",
        studentName: "Silva, Ângela",
        guardian1Name: "Luís Brandão",
        studentEscola: "Pelicano",
        mesesInadim: 1,
        codigoAluno: null,
      });
    },
  },
  "UTF-16 BE with BOM": {
    file: "utf16be-bom.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter]).toEqual(["utf-16be", ","]);
      expect(names(r)).toEqual([[2, "João Conceição"], [3, "Ângela D’Ávila"]]);
    },
  },
  "UTF-16 with BOM cut in the middle of a character": {
    file: "utf16le-truncated.csv",
    check: failsWith(
      "O arquivo se declara UTF-16, mas o conteúdo está corrompido ou incompleto. Exporte o CSV novamente.",
    ),
  },
  "semicolons with decimal commas: months with any decimal part refused, even a zero one": {
    file: "semicolon-decimal-comma.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter]).toEqual(["windows-1252", ";"]);
      expect(r.rows.map((row) => [row.studentName, row.mesesInadim])).toEqual([["Ângela Brandão", 4]]);
      expect(r.invalid).toEqual([
        { line: 2, reason: "Meses em atraso deve ser um número inteiro: “3,0”." },
        { line: 4, reason: "Meses em atraso deve ser um número inteiro: “2,5”." },
      ]);
      expect(r.warnings).toEqual([]);
      expect(r.extraColumns).toEqual([{ index: 5, header: "valor_em_aberto" }]);
    },
  },
  "header and one row": {
    file: "header-one-row.csv",
    check: (result) => {
      expect(ok(result).rows).toEqual([
        {
          line: 2,
          codigoInadim: null,
          studentName: "Ana Souza",
          guardian1Name: null,
          studentEscola: null,
          mesesInadim: 2,
          codigoAluno: null,
        },
      ]);
    },
  },
  "a single column: commas and semicolons inside names do not split it": {
    file: "single-column.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.mapping).toEqual({ student_name: 0 });
      expect(r.delimiter).toBe("\t");
      expect(names(r)).toEqual([[2, "Ana Souza"], [3, "Silva, Bruno"], [4, "Costa; Carla"]]);
    },
  },
  "quoted delimiters, doubled quotes and line breaks; later lines keep their numbers": {
    file: "quoted-delimiters-newlines.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.line, row.codigoInadim, row.studentName, row.guardian1Name])).toEqual([
        [2, "001", "Souza, Ana", "Maria \"Mãe\" Souza"],
        [3, "002", "Pedro Henrique Lima", "José Lima"],
      ]);
      expect(r.invalid).toEqual([{ line: 6, reason: "Meses em atraso deve ser um número inteiro: “x”." }]);
    },
  },
  "mixed CRLF, LF and CR line endings": {
    file: "mixed-line-endings.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.line, row.studentName, row.mesesInadim])).toEqual([
        [2, "Ana Souza", 1],
        [3, "Bruno Lima", 2],
        [4, "Carla Dias", 3],
      ]);
      expect(r.invalid).toEqual([{ line: 5, reason: "Meses em atraso deve ser um número inteiro: “quatro”." }]);
    },
  },
  "CR-only line endings, with a CR inside a quoted name": {
    file: "cr-only.csv",
    check: (result) => {
      const r = ok(result);
      expect(names(r)).toEqual([[2, "Ana Souza"], [3, "Bruno Lima"]]);
      expect(r.invalid).toEqual([{ line: 5, reason: "Meses em atraso não pode ser negativo: “-3”." }]);
    },
  },
  "empty file": { file: "empty.csv", check: failsWith("O arquivo está vazio.") },
  "only a BOM and blank lines": { file: "bom-and-blank-lines.csv", check: failsWith("O arquivo está vazio.") },
  "header only": { file: "header-only.csv", check: failsWith(HEADER_ONLY_ERROR) },
  "an image (PNG)": { file: "image.png", check: failsWith(BINARY_ERROR) },
  "a spreadsheet (.xlsx) instead of its CSV": {
    file: "spreadsheet.xlsx",
    check: failsWith(
      "O arquivo é uma planilha (.xlsx/.ods) ou um arquivo compactado, não um CSV. " +
        "No Excel, use Arquivo › Salvar como › CSV e envie o arquivo gerado.",
    ),
  },
  "a PDF": {
    file: "report.pdf",
    check: failsWith("O arquivo é um PDF, não um CSV. Exporte a lista do sistema financeiro em formato CSV."),
  },
  "the required student name column is missing": {
    file: "missing-required.csv",
    check: (result) =>
      expect(result).toEqual({
        ok: false,
        needsMapping: true,
        error: "Falta a coluna obrigatória “Nome do aluno” (student_name). Indique qual coluna a contém.",
        headers: ["Código", "Responsável", "Escola", "Meses"],
        suggested: { codigo_inadim: 0, guardian1_name: 1, student_escola: 2, meses_inadim: 3 },
      }),
  },
  "two columns for the same field": {
    file: "duplicated-headers.csv",
    check: (result) =>
      expect(result).toEqual({
        ok: false,
        needsMapping: true,
        error:
          "As colunas “Aluno” (coluna 1) e “Nome do aluno” (coluna 2) correspondem ao mesmo campo, " +
          "“Nome do aluno”. Remova uma delas do arquivo ou indique qual usar.",
        headers: ["Aluno", "Nome do aluno", "Escola"],
        suggested: { student_name: 0, student_escola: 2 },
      }),
  },
  "extra columns are ignored and listed": {
    file: "extra-columns.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.mapping).toEqual({ student_name: 0, meses_inadim: 2 });
      expect(r.extraColumns).toEqual([{ index: 1, header: "Turma" }, { index: 3, header: "Observação" }]);
      expect(r.rows.map((row) => [row.studentName, row.mesesInadim])).toEqual([["Ana Souza", 2], ["Bruno Lima", 1]]);
    },
  },
  "unknown header layout asks for a manual mapping": {
    file: "unknown-header.csv",
    check: (result) =>
      expect(result).toEqual({
        ok: false,
        needsMapping: true,
        error:
          "Nenhuma coluna do cabeçalho foi reconhecida. Indique qual coluna contém cada campo " +
          "(o nome do aluno é obrigatório).",
        headers: ["Col A", "Col B", "Col C"],
        suggested: {},
      }),
  },
  "unknown header layout read with a manual mapping": {
    file: "unknown-header.csv",
    options: { mapping: { codigo_inadim: 0, student_name: 1, meses_inadim: 2 } },
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.line, row.codigoInadim, row.studentName, row.mesesInadim])).toEqual([
        [2, "INAD-1", "Ana Souza", 2],
        [3, "INAD-2", "Bruno Lima", 1],
      ]);
      expect(r.extraColumns).toEqual([]);
    },
  },
  "a real student list without a header: the mapping step shows each column with its first value": {
    file: "headerless-student-list.csv",
    check: (result) =>
      expect(result).toEqual({
        ok: false,
        needsMapping: true,
        error:
          "O arquivo não tem linha de cabeçalho (a linha 1 já traz valores, não nomes de colunas): ela é lida como " +
          "dados, e as colunas são indicadas à mão. Indique qual coluna contém cada campo (o nome do aluno é obrigatório).",
        headers: ["Coluna 1: “1”", "Coluna 2: “Isadora Lemes Ferreira de Barr…”"],
        suggested: {},
      }),
  },
  "a real student list without a header, with its columns indicated: its first line is a row too": {
    file: "headerless-student-list.csv",
    options: { mapping: { student_name: 1 } },
    check: (result) => {
      const r = ok(result);
      expect(r.rows).toHaveLength(70);
      expect(names(result).slice(0, 2)).toEqual([[1, "Isadora Lemes Ferreira de Barros"], [2, "Léia Xavier dos Santos"]]);
      // What is kept with the import names no student.
      expect(r.headers).toEqual(["Coluna 1", "Coluna 2"]);
      expect(r.warnings).toEqual([{
        line: 1,
        reason: "O arquivo não tem linha de cabeçalho (a linha 1 já traz valores, não nomes de colunas): ela é lida " +
          "como dados, e as colunas são indicadas à mão.",
      }]);
    },
  },
  "a name with unreadable characters (U+FFFD) or without a letter is an invalid row, not a list row that blocks nobody": {
    file: "unreadable-names.csv",
    check: (result) => {
      const r = ok(result);
      expect(names(result)).toEqual([[2, "Carla Mendes"], [6, "João Silva"]]);
      expect(r.invalid).toEqual([
        { line: 3, reason: "Nome do aluno com caracteres ilegíveis (�): “��lia Prado”. O arquivo pode estar danificado " +
          "ou ter sido convertido com outra codificação; corrija o nome na planilha." },
        { line: 4, reason: "Nome do aluno sem nenhuma letra: “123”." },
        { line: 5, reason: "Nome do aluno sem nenhuma letra: “---”." },
      ]);
    },
  },
  "a header of unknown names read with a manual mapping is said to be left out": {
    file: "unknown-header.csv",
    options: { mapping: { student_name: 1 } },
    check: (result) =>
      expect(ok(result).warnings).toEqual([{
        line: 1,
        reason: "A linha 1 foi lida como cabeçalho e não é importada: “Col A”, “Col B”, “Col C”. " +
          "Se ela for um registro, inclua uma linha de cabeçalho no arquivo.",
      }]),
  },
  "months: non-numeric, negative, fractional (even “3.0”), thousands and too large are refused": {
    file: "bad-months.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.invalid).toEqual([
        { line: 2, reason: "Meses em atraso deve ser um número inteiro: “abc”." },
        { line: 3, reason: "Meses em atraso não pode ser negativo: “-2”." },
        { line: 4, reason: "Meses em atraso deve ser um número inteiro: “2,5”." },
        { line: 5, reason: "Meses em atraso deve ser um número inteiro: “1.000”." },
        { line: 8, reason: "Meses em atraso deve ser um número inteiro: “3.0”." },
        { line: 10, reason: "Meses em atraso acima do máximo de 999: “1000”." },
        { line: 11, reason: "Meses em atraso deve ser um número inteiro: “3,00”." },
      ]);
      expect(r.rows.map((row) => [row.line, row.mesesInadim])).toEqual([[6, 3], [7, 3], [9, null], [12, 999]]);
      expect(r.warnings).toEqual([]);
    },
  },
  "300-character name, over-long guardian and code, empty name": {
    file: "long-values.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.invalid).toEqual([
        { line: 2, reason: "Nome do aluno com 300 caracteres; o máximo é 200." },
        { line: 4, reason: "Responsável com 201 caracteres; o máximo é 200." },
        { line: 5, reason: "Código com 51 caracteres; o máximo é 50." },
        { line: 6, reason: "Nome do aluno vazio." },
        { line: 7, reason: "Nome do aluno vazio. Meses em atraso deve ser um número inteiro: “abc”." },
      ]);
      expect(r.rows.map((row) => [row.line, row.studentName.length])).toEqual([[3, 200]]);
    },
  },
  "codes keep their leading zeros; months with zeros are numbers": {
    file: "leading-zeros.csv",
    check: (result) => {
      expect(ok(result).rows.map((row) => [row.codigoInadim, row.mesesInadim])).toEqual([["00123", 7], ["0000", 0]]);
    },
  },
  "formula-looking cells are kept as data; a phone number in the name column is no name": {
    file: "formula-cells.csv",
    check: (result) => {
      const rows = ok(result).rows.map((r) => [r.codigoInadim, r.studentName, r.guardian1Name, r.studentEscola]);
      expect(rows).toEqual([["@SUM(A1:A2)", "=HYPERLINK(\"http://example.com\",\"Clique\")", "-1", "+1"]]);
      expect(ok(result).invalid).toEqual([{ line: 3, reason: "Nome do aluno sem nenhuma letra: “+55 11 9999-0000”." }]);
    },
  },
  "pipe-separated": {
    file: "pipe-delimited.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.delimiter).toBe("|");
      expect(r.rows.map((row) => [row.studentName, row.guardian1Name, row.mesesInadim])).toEqual([
        ["Souza, Ana", "Maria; Souza", 2],
        ["Bruno Lima", null, null],
      ]);
    },
  },
  "tab-separated": {
    file: "tab-delimited.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.delimiter).toBe("\t");
      expect(names(r)).toEqual([[2, "Souza, Ana"], [3, "Lima; Bruno"]]);
    },
  },
  "over the size limit": {
    file: "sample-utf8.csv",
    options: { maxBytes: 1000 },
    check: failsWith("O arquivo tem 1,5 KB; o limite é 1000 bytes."),
  },
  "exactly at the size limit": {
    file: "sample-utf8.csv",
    options: { maxBytes: 1571 },
    check: (result) => expect(ok(result).rows).toHaveLength(20),
  },
  "over the row limit": {
    file: "sample-utf8.csv",
    options: { maxRows: 19 },
    check: failsWith("O arquivo passa do limite de 19 linhas de dados. Divida a lista em arquivos menores."),
  },
  "exactly at the row limit": {
    file: "sample-utf8.csv",
    options: { maxRows: 20 },
    check: (result) => expect(ok(result).rows).toHaveLength(20),
  },
  "rows repeated in the file: the later one wins, with a warning": {
    file: "duplicated-rows.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.line, row.codigoInadim, row.mesesInadim])).toEqual([
        [5, "INAD-4", 1],
        [6, "INAD-5", 3],
        [7, "INAD-6", 7],
      ]);
      const replaced = (line: number, by: number) => ({
        line,
        reason: `Linha repetida: substituída pela linha ${by} (mesmo aluno, responsável e escola).`,
      });
      expect(r.warnings).toEqual([replaced(2, 4), replaced(3, 6), replaced(4, 7)]);
      expect(r.invalid).toEqual([]);
    },
  },
  "NUL bytes inside fields are removed": {
    file: "nul-in-field.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows).toHaveLength(6);
      expect(r.rows.slice(0, 2).map((row) => [row.studentName, row.guardian1Name])).toEqual([
        ["Ana Souza", "Maria Souza"],
        ["Bruno Lima", "Pedro Lima"],
      ]);
      expect(JSON.stringify(r.rows)).not.toContain("\\u0000");
    },
  },
  "blank lines before the header and in the middle": {
    file: "blank-lines-middle.csv",
    check: (result) => {
      const r = ok(result);
      expect(names(r)).toEqual([[3, "Ana Souza"], [7, "Bruno Lima"]]);
      expect(r.invalid).toEqual([{ line: 9, reason: "Meses em atraso deve ser um número inteiro: “três”." }]);
    },
  },
  "a quote never closed is text of its field, not the start of the rest of the file": {
    file: "unclosed-quote.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.line, row.codigoInadim, row.studentName, row.studentEscola, row.mesesInadim])).toEqual([
        [2, "INAD-1", "Ana Souza", "Aurora", 1],
        [3, "INAD-2", "\"Bruno Lima", "Aurora", 2],
        [4, "INAD-3", "Carla Dias", "Aurora", 3],
        [5, "INAD-4", "Davi Reis", "Aurora", 4],
      ]);
      expect(r.warnings).toEqual([{ line: 3, reason: strayQuote("\"Bruno Lima") }]);
      expect(r.invalid).toEqual([]);
    },
  },
  "a row with more fields than the header; a trailing delimiter and a short row are fine": {
    file: "misaligned-row.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.invalid).toEqual([
        {
          line: 2,
          reason:
            "A linha tem 6 campos, mas o cabeçalho tem 5. Algum valor contém o separador sem estar entre aspas?",
        },
      ]);
      expect(r.rows.map((row) => [row.line, row.studentName, row.mesesInadim])).toEqual([
        [3, "Bruno Lima", 3],
        [4, "Carla Dias", null],
      ]);
    },
  },
  "a stray quote in a name keeps its quotes and swallows none of the rows after it": {
    file: "stray-quote-in-name.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.line, row.codigoInadim, row.studentName, row.guardian1Name, row.mesesInadim])).toEqual([
        [2, "25", "Ana Souza", "Maria Souza", 2],
        [3, "26", "\"Tuca\" Ana Souza", null, 3],
        [4, "27", "Bruno Lima", "Lima, Pedro", 4],
        [5, "28", "Carla Dias", null, 5],
        [6, "29", "Davi Reis", "Reis, Rita", 6],
      ]);
      expect(r.warnings).toEqual([{ line: 3, reason: strayQuote("\"Tuca\" Ana Souza") }]);
      expect(r.invalid).toEqual([]);
    },
  },
  "a quoted field running over lines with the delimiter inside is flagged with its lines": {
    file: "quoted-field-spanning-records.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => row.line)).toEqual([2, 3, 6]);
      expect(r.warnings).toEqual([
        {
          line: 3,
          reason:
            "Um campo entre aspas começa nesta linha e só termina na linha 5, com o separador dentro dele: " +
            "podem ser linhas do arquivo juntadas por aspas sem par. Confira as linhas 3 a 5.",
        },
      ]);
      // The students its lines name are held: replace mode leaves their list rows alone.
      expect(r.held).toEqual(["Bruno Lima", "Carla Dias", "Davi Reis"].map((studentName) => ({
        studentName,
        guardian1Name: null,
        studentEscola: "Aurora",
      })));
    },
  },
  "Excel's sep=; first line chooses the delimiter and is skipped": {
    file: "excel-sep-line.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter, r.mapping]).toEqual(["windows-1252", ";", ALL_FIELDS]);
      expect(r.rows.map((row) => [row.line, row.codigoInadim, row.studentName, row.mesesInadim])).toEqual([
        [3, "INAD-1", "João Conceição", 3],
        [4, "INAD-2", "Ângela Brandão, filha", 1],
      ]);
      expect([r.invalid, r.warnings]).toEqual([[], []]);
    },
  },
  "a report: titles above the header, a page break repeating title and header, totals and page numbers": {
    file: "report-title-footer.csv",
    check: (result) => {
      const r = ok(result);
      expect([r.encoding, r.delimiter, r.mapping]).toEqual(["windows-1252", ";", ALL_FIELDS]);
      expect(r.headers).toEqual(["Código", "Aluno", "Responsável", "Escola", "Meses em atraso"]);
      expect(names(r)).toEqual([[6, "João Conceição"], [7, "Ângela Brandão"], [11, "Otávio Simões"], [12, "Total Souza"]]);
      const title = "Relatório de inadimplentes — emitido em 30/11/2026";
      expect(r.warnings).toEqual([
        { line: 1, reason: `Acima do cabeçalho (título ou informação do relatório), ignorada: “${title}”.` },
        { line: 2, reason: "Acima do cabeçalho (título ou informação do relatório), ignorada: “Colégio Pelicano — Tesouraria”." },
        { line: 8, reason: "Linha de total ou rodapé do relatório, ignorada: “Página 1 de 2”." },
        { line: 9, reason: `Título do relatório repetido (quebra de página), ignorado: “${title}”.` },
        { line: 10, reason: "Cabeçalho repetido no meio do arquivo (quebra de página do relatório), ignorado." },
        { line: 14, reason: "Linha de total ou rodapé do relatório, ignorada: “Total: 4 alunos”." },
        { line: 15, reason: "Linha de total ou rodapé do relatório, ignorada: “Página 2 de 2”." },
      ]);
      expect(r.invalid).toEqual([]);
    },
  },
  "a recognised column left as “não importar” in the mapping is said": {
    file: "recognised-left-out.csv",
    options: { mapping: { student_name: 0, guardian1_name: 1 } },
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => [row.studentName, row.guardian1Name, row.mesesInadim])).toEqual([
        ["Ana Souza", "Maria Souza", null],
        ["Bruno Lima", "Pedro Lima", null],
      ]);
      expect(r.warnings).toEqual([
        {
          line: 1,
          reason:
            "A coluna “Meses” (coluna 3) foi reconhecida como “Meses em atraso”, mas ficou como “não importar”: " +
            "esse campo não será importado.",
        },
      ]);
    },
  },
  "months written as money are invalid rows, and the column is said to look like money": {
    file: "months-money.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.invalid).toEqual([
        { line: 2, reason: "Meses em atraso deve ser um número inteiro: “500,00”." },
        { line: 3, reason: "Meses em atraso deve ser um número inteiro: “385.0”." },
        { line: 4, reason: "Meses em atraso deve ser um número inteiro: “1.234,56”." },
        { line: 5, reason: "Meses em atraso deve ser um número inteiro: “R$ 90,00”." },
      ]);
      expect(r.rows.map((row) => [row.line, row.mesesInadim])).toEqual([[6, 120]]);
      expect(r.warnings).toEqual([{ line: 1, reason: moneyColumn("Meses em atraso") }]);
    },
  },
  "whole months with a median over 24 are read, with a warning about the column": {
    file: "months-large-integers.csv",
    check: (result) => {
      const r = ok(result);
      expect(r.rows.map((row) => row.mesesInadim)).toEqual([350, 480, 125, 2]);
      expect(r.warnings).toEqual([{ line: 1, reason: moneyColumn("Meses") }]);
    },
  },
  "decomposed accents are stored composed (NFC)": {
    file: "decomposed-accents.csv",
    check: (result) => {
      const row = ok(result).rows[0];
      expect([row.studentName, row.studentEscola]).toEqual(["Jo\u00e3o Concei\u00e7\u00e3o", "S\u00e3o Lu\u00eds"]);
    },
  },
};

test.each(Object.entries(cases))("%s", (_, { file, options, check }) => {
  check(readImportFile(readFileSync(path.join(CORPUS, file)), options));
});

test("the corpus covers at least 25 files", () => {
  expect(new Set(Object.values(cases).map((c) => c.file)).size).toBeGreaterThanOrEqual(25);
});

test.skipIf(!existsSync(SHARED))("the corpus samples are the shared test data, byte for byte", () => {
  for (const [copy, original] of [
    ["sample-utf8.csv", "inadimplentes-utf8.csv"],
    ["sample-excel-ptbr.csv", "inadimplentes-excel-ptbr.csv"],
  ]) {
    expect(readFileSync(path.join(CORPUS, copy)).equals(readFileSync(path.join(SHARED, original)))).toBe(true);
  }
});

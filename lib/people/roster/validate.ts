import { cleanCell } from "@/lib/csv/clean-cell";
import type { CsvRecord } from "@/lib/csv/parse";
import { shiftedRowReason, type FieldMapping, type RowNote, type ValidatedRows } from "@/lib/import/contract";
import { unreadableNameProblem } from "@/lib/import/unreadable-name";
import type { AlunoFields } from "@/lib/people/alunos";
import { parseCpf } from "@/lib/people/cpf";
import { parseMatricula } from "@/lib/people/matricula";
import { parseBirthDate, parsePhone, parseSerie, parseStatus, parseYear, type Parsed } from "./cells";
import { ROSTER_LABELS, type RosterField } from "./contract";

/**
 * A roster row ready to be matched. A null field is one the file leaves empty
 * or does not carry: it never clears what the record holds.
 */
export interface RosterRow {
  line: number;
  nome: string;
  matricula: string | null;
  cpf: string | null;
  dataNascimento: string | null;
  responsavelNome: string | null;
  responsavelTelefone: string | null;
  /** As written; the school's unidade it names is found when the row is matched. */
  unidade: string | null;
  serie: string | null;
  turma: string | null;
  anoLetivo: number | null;
  status: AlunoFields["status"] | null;
}

/** What an invalid row still says about a student: "roster completo" leaves that student alone. */
export interface RosterHeld {
  nome: string;
  matricula: string | null;
  cpf: string | null;
}

const MAX_NAME = 200;
const MAX_TURMA = 50;

/**
 * Every data row against the roster's contract, every problem of a row
 * reported. A code or CPF already used by an earlier row of the file makes the
 * later row invalid: two students cannot share one, and which row is right is
 * for the school to say.
 */
export function validateRosterRows(
  records: Iterable<CsvRecord>,
  mapping: FieldMapping<RosterField>,
  columnCount: number,
): ValidatedRows<RosterRow, RosterHeld> {
  const rows: RosterRow[] = [];
  const invalid: RowNote[] = [];
  const held: RosterHeld[] = [];
  const lineOfCode = new Map<string, number>();
  const lineOfCpf = new Map<string, number>();
  for (const { line, cells } of records) {
    const cell = (field: RosterField) => {
      const index = mapping[field];
      return index === undefined ? "" : cleanCell(cells[index] ?? "");
    };
    const hold = () => {
      const key = rosterHeld(cells, mapping);
      if (key) held.push(key);
    };
    const shifted = shiftedRowReason(cells, columnCount);
    if (shifted) {
      hold();
      invalid.push({ line, reason: shifted });
      continue;
    }
    const problems: string[] = [];
    const take = <T>(field: RosterField, parse: (v: string) => Parsed<T>): T | null => {
      const value = cell(field);
      if (value === "") return null;
      const r = parse(value);
      if (r.ok) return r.value;
      problems.push(r.message);
      return null;
    };
    const nome = cell("nome");
    if (nome === "") problems.push(`${ROSTER_LABELS.nome} vazio.`);
    else if (nome.length > MAX_NAME) problems.push(`${ROSTER_LABELS.nome} com ${nome.length} caracteres; o máximo é ${MAX_NAME}.`);
    else {
      const unreadable = unreadableNameProblem(ROSTER_LABELS.nome, nome);
      if (unreadable) problems.push(unreadable);
    }
    const matricula = take("matricula", (v) => {
      const r = parseMatricula(v);
      return r.ok ? { ok: true, value: r.matricula as string } : { ok: false, message: `Matrícula inválida: ${r.message}` };
    });
    const cpf = take("cpf", (v) => {
      const r = parseCpf(v);
      return r.ok ? { ok: true, value: r.cpf as string } : { ok: false, message: `${r.message}: “${v}”.` };
    });
    const responsavelNome = take("responsavel_nome", (v) =>
      v.length > MAX_NAME ? { ok: false, message: `${ROSTER_LABELS.responsavel_nome} longo demais.` } : { ok: true, value: v });
    const turma = take("turma", (v) =>
      v.length > MAX_TURMA ? { ok: false, message: `${ROSTER_LABELS.turma} longa demais.` } : { ok: true, value: v });
    const row: RosterRow = {
      line,
      nome,
      matricula,
      cpf,
      dataNascimento: take("data_nascimento", (v) => parseBirthDate(v)),
      responsavelNome,
      responsavelTelefone: take("responsavel_telefone", parsePhone),
      unidade: take("unidade", (v) => ({ ok: true, value: v })),
      serie: take("serie", parseSerie),
      turma,
      anoLetivo: take("ano_letivo", parseYear),
      status: take("status", parseStatus),
    };
    if (matricula && lineOfCode.has(matricula)) {
      problems.push(`Matrícula ${matricula} repetida no arquivo (já na linha ${lineOfCode.get(matricula)}).`);
    }
    if (cpf && lineOfCpf.has(cpf)) problems.push(`CPF repetido no arquivo (já na linha ${lineOfCpf.get(cpf)}).`);
    if (problems.length > 0) {
      hold();
      invalid.push({ line, reason: problems.join(" ") });
      continue;
    }
    if (matricula) lineOfCode.set(matricula, line);
    if (cpf) lineOfCpf.set(cpf, line);
    rows.push(row);
  }
  return { rows, invalid, warnings: [], held };
}

/** What a row's cells say about a student, read as they are; null when they name nobody. */
export function rosterHeld(cells: readonly string[], mapping: FieldMapping<RosterField>): RosterHeld | null {
  const cell = (field: RosterField) => {
    const index = mapping[field];
    return index === undefined ? "" : cleanCell(cells[index] ?? "");
  };
  const matricula = parseMatricula(cell("matricula"));
  const cpf = parseCpf(cell("cpf"));
  const key = { nome: cell("nome"), matricula: matricula.ok ? matricula.matricula : null, cpf: cpf.ok ? cpf.cpf : null };
  return key.nome || key.matricula || key.cpf ? key : null;
}

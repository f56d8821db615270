import { normText } from "@/lib/inadimplencia/norm-text";
import type { ImportMode, LineIssue } from "@/lib/import/types";
import type { AlunoFields } from "@/lib/people/alunos";
import { formatCpf } from "@/lib/people/cpf";
import type { RosterHeld, RosterRow } from "./validate";

/** A student of the school as the roster import compares it (the business columns). */
export interface ExistingStudent extends AlunoFields {
  id: string;
  /** The student has a login: the import leaves the name as the school's form keeps it. */
  hasLogin: boolean;
}

/** The columns a roster row may set, in the order the preview shows them. */
export const ROSTER_COLUMNS = [
  "matricula", "nome", "cpf", "dataNascimento", "responsavelNome", "responsavelTelefone",
  "unidade", "serie", "turma", "anoLetivo", "status",
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export type StudentValues = Pick<ExistingStudent, RosterColumn>;
/** What a row says; null where it says nothing. */
type FileValues = { [K in RosterColumn]: StudentValues[K] | null };

export interface FieldChange {
  field: RosterColumn;
  before: string | number | null;
  after: string | number | null;
}

export interface Candidate {
  id: string;
  nome: string;
  matricula: string | null;
  dataNascimento: string | null;
  serie: string | null;
}

export type RowOutcome =
  | { kind: "new"; line: number; values: StudentValues }
  | { kind: "updated"; line: number; student: ExistingStudent; values: StudentValues; changes: FieldChange[] }
  | { kind: "unchanged"; line: number; student: ExistingStudent }
  | { kind: "ambiguous"; line: number; nome: string; candidates: Candidate[] };

/** A person's answer to an ambiguous row: which existing student it is, or a new one. */
export type Confirmations = ReadonlyMap<number, string | "new">;

export interface PlanInput {
  rows: readonly RosterRow[];
  held: readonly RosterHeld[];
  students: readonly ExistingStudent[];
  unidades: readonly string[];
  /** The school's current year: a new student without one in the file is in it. */
  schoolYear: number;
  mode: ImportMode;
  confirmations: Confirmations;
}

export interface RosterPlan {
  outcomes: RowOutcome[];
  /** Rows refused once compared with the school (unknown unidade, a code or CPF of another student...). */
  invalid: LineIssue[];
  warnings: LineIssue[];
  /** "Roster completo": the `ativo` students no row of the file names. */
  toDeactivate: ExistingStudent[];
}

const describe = (s: ExistingStudent) => `${s.nome}${s.matricula ? `, matrícula ${s.matricula}` : ""}`;

/**
 * What a roster file does to the school's students, decided in one place for
 * the preview and the commit. A row finds its student by code, then CPF, then
 * name + birth date. Failing those, a row whose name is that of students it
 * cannot be told apart from (neither side has a code, a CPF or a birth date
 * that differs) is "ambíguo": it changes nothing until a person says which
 * student it is, or that it is a new one. Nothing here is ever deleted.
 */
export function planRoster(input: PlanInput): RosterPlan {
  const byCode = new Map<string, ExistingStudent>();
  const byCpf = new Map<string, ExistingStudent>();
  const byName = new Map<string, ExistingStudent[]>();
  for (const s of input.students) {
    if (s.matricula) byCode.set(s.matricula, s);
    if (s.cpf) byCpf.set(s.cpf, s);
    const key = normText(s.nome) ?? "";
    byName.set(key, [...(byName.get(key) ?? []), s]);
  }
  const unidadeByKey = new Map(input.unidades.map((u) => [normText(u) ?? "", u]));

  const outcomes: RowOutcome[] = [];
  const invalid: LineIssue[] = [];
  const warnings: LineIssue[] = [];
  const claimedBy = new Map<string, number>();
  const spared = new Set<string>();

  for (const row of input.rows) {
    const refuse = (reason: string) => invalid.push({ line: row.line, reason });
    let unidade: string | null = null;
    if (row.unidade !== null) {
      unidade = unidadeByKey.get(normText(row.unidade) ?? "") ?? null;
      if (!unidade) {
        refuse(`Unidade desconhecida: “${row.unidade}”. Unidades da escola: ${input.unidades.join(", ") || "nenhuma"}.`);
        spareHeld(row, byCode, byCpf, byName, spared);
        continue;
      }
    }
    const found = findStudent(row, byCode, byCpf, byName, input.confirmations);
    if ("problem" in found) {
      refuse(found.problem);
      spareHeld(row, byCode, byCpf, byName, spared);
      continue;
    }
    if ("candidates" in found) {
      for (const c of found.candidates) spared.add(c.id);
      outcomes.push({ kind: "ambiguous", line: row.line, nome: row.nome, candidates: found.candidates.map(candidate) });
      continue;
    }
    const fromFile: FileValues = {
      matricula: row.matricula, nome: row.nome, cpf: row.cpf, dataNascimento: row.dataNascimento,
      responsavelNome: row.responsavelNome, responsavelTelefone: row.responsavelTelefone, unidade,
      serie: row.serie, turma: row.turma, anoLetivo: row.anoLetivo, status: row.status,
    };
    const student = found.student;
    if (!student) {
      outcomes.push({ kind: "new", line: row.line, values: newValues(fromFile, input.schoolYear) });
      continue;
    }
    const earlier = claimedBy.get(student.id);
    if (earlier !== undefined) {
      refuse(`É o mesmo aluno da linha ${earlier} (${describe(student)}).`);
      continue;
    }
    claimedBy.set(student.id, row.line);
    const values: StudentValues = { ...pick(student) };
    const changes: FieldChange[] = [];
    for (const field of ROSTER_COLUMNS) {
      const after = fromFile[field];
      // An empty cell, or a column the file does not carry, keeps what the record holds.
      if (after === null || after === student[field]) continue;
      if (field === "nome" && student.hasLogin) {
        warnings.push({
          line: row.line,
          reason: `Nome não alterado: ${describe(student)} tem acesso ao sistema; o nome se altera no cadastro do aluno.`,
        });
        continue;
      }
      (values as Record<RosterColumn, unknown>)[field] = after;
      changes.push({ field, before: student[field], after });
    }
    outcomes.push(changes.length
      ? { kind: "updated", line: row.line, student, values, changes }
      : { kind: "unchanged", line: row.line, student });
  }

  for (const h of input.held) spareHeld(h, byCode, byCpf, byName, spared);
  const toDeactivate = input.mode === "replace"
    ? input.students
      .filter((s) => s.status === "ativo" && !claimedBy.has(s.id) && !spared.has(s.id))
      .sort((a, b) => a.nome.localeCompare(b.nome, "pt-BR") || a.id.localeCompare(b.id))
    : [];
  return { outcomes, invalid: invalid.sort((a, b) => a.line - b.line), warnings, toDeactivate };
}

type Found = { student: ExistingStudent | null } | { candidates: ExistingStudent[] } | { problem: string };

function findStudent(
  row: RosterRow,
  byCode: Map<string, ExistingStudent>,
  byCpf: Map<string, ExistingStudent>,
  byName: Map<string, ExistingStudent[]>,
  confirmations: Confirmations,
): Found {
  const cpfOwner = row.cpf ? byCpf.get(row.cpf) : undefined;
  if (row.matricula) {
    const s = byCode.get(row.matricula);
    if (s) {
      if (cpfOwner && cpfOwner !== s) {
        return { problem: `CPF ${formatCpf(row.cpf)} já registrado nesta escola para outro aluno (${describe(cpfOwner)}).` };
      }
      // Another name with another birth date or CPF is another person carrying
      // this code by mistake: updating would overwrite the code's student.
      const otherName = normText(s.nome) !== normText(row.nome);
      const otherBirth = !!s.dataNascimento && !!row.dataNascimento && s.dataNascimento !== row.dataNascimento;
      const otherCpf = !!s.cpf && !!row.cpf && s.cpf !== row.cpf;
      if (otherName && (otherBirth || otherCpf)) {
        return { problem: `A matrícula ${row.matricula} é de ${s.nome} nesta escola; a linha traz outro aluno (nome e ${otherBirth ? "data de nascimento" : "CPF"} diferentes).` };
      }
      return { student: s };
    }
  }
  if (cpfOwner) {
    if (cpfOwner.matricula && row.matricula && cpfOwner.matricula !== row.matricula) {
      return {
        problem: `O CPF ${formatCpf(row.cpf)} é de ${describe(cpfOwner)}, mas a linha traz a matrícula ${row.matricula}.`,
      };
    }
    return { student: cpfOwner };
  }
  const namesakes = byName.get(normText(row.nome) ?? "") ?? [];
  // A namesake with another code or CPF is another student; one without them
  // may be this row's, and only the birth date can still tell them apart.
  const possible = namesakes.filter((s) => (!s.matricula || !row.matricula) && (!s.cpf || !row.cpf));
  if (row.dataNascimento) {
    const sameBirth = possible.filter((s) => s.dataNascimento === row.dataNascimento);
    if (sameBirth.length === 1) return { student: sameBirth[0] };
  }
  const undecided = possible.filter((s) => !s.dataNascimento || !row.dataNascimento || s.dataNascimento === row.dataNascimento);
  if (undecided.length === 0) return { student: null };
  const answer = confirmations.get(row.line);
  if (answer === "new") return { student: null };
  const chosen = undecided.find((s) => s.id === answer);
  if (chosen) return { student: chosen };
  return { candidates: undecided };
}

function newValues(fromFile: FileValues, schoolYear: number): StudentValues {
  return {
    matricula: fromFile.matricula ?? null,
    nome: fromFile.nome as string,
    cpf: fromFile.cpf ?? null,
    dataNascimento: fromFile.dataNascimento ?? null,
    responsavelNome: fromFile.responsavelNome ?? null,
    responsavelTelefone: fromFile.responsavelTelefone ?? null,
    unidade: fromFile.unidade ?? null,
    serie: fromFile.serie ?? null,
    turma: fromFile.turma ?? null,
    anoLetivo: fromFile.anoLetivo ?? schoolYear,
    status: fromFile.status ?? "ativo",
  };
}

function pick(s: ExistingStudent): StudentValues {
  return Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, s[c]])) as StudentValues;
}

const candidate = (s: ExistingStudent): Candidate => ({
  id: s.id, nome: s.nome, matricula: s.matricula, dataNascimento: s.dataNascimento, serie: s.serie,
});

// A refused row still names its student by code or CPF: "roster completo" must
// not deactivate a student because their line had a typo elsewhere.
function spareKeys(row: { matricula: string | null; cpf: string | null }, byCode: Map<string, ExistingStudent>,
  byCpf: Map<string, ExistingStudent>, spared: Set<string>): void {
  const s = (row.matricula && byCode.get(row.matricula)) || (row.cpf && byCpf.get(row.cpf));
  if (s) spared.add(s.id);
}

function spareHeld(h: RosterHeld, byCode: Map<string, ExistingStudent>, byCpf: Map<string, ExistingStudent>,
  byName: Map<string, ExistingStudent[]>, spared: Set<string>): void {
  const before = spared.size;
  spareKeys(h, byCode, byCpf, spared);
  if (spared.size === before && !h.matricula && !h.cpf) {
    for (const s of byName.get(normText(h.nome) ?? "") ?? []) spared.add(s.id);
  }
}

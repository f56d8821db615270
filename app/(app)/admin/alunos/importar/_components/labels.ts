import type { RosterColumn } from "@/lib/people/roster/plan";

export const COLUMN_LABELS: Record<RosterColumn, string> = {
  matricula: "Matrícula",
  nome: "Nome",
  cpf: "CPF",
  dataNascimento: "Nascimento",
  responsavelNome: "Responsável",
  responsavelTelefone: "Telefone",
  unidade: "Unidade",
  serie: "Série",
  turma: "Turma",
  anoLetivo: "Ano letivo",
  status: "Situação",
};

/** A date as the school reads it (dd/mm/aaaa); other values as they are. */
export function shown(value: string | number | null): string {
  if (value === null) return "—";
  const iso = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : String(value);
}

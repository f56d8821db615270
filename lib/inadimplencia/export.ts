import { toCsv } from "@/lib/csv/export";
import type { InadimplenteRow } from "./list";

// The first five columns are the import contract's (SPEC §8), so an export can
// be edited and imported back; the rest describe the row's state.
const HEADER = [
  "codigo_inadim", "student_name", "guardian1_name", "student_escola", "meses_inadim",
  "situacao", "atualizado_em", "atualizado_por",
];

const DATE_TIME = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short", timeZone: "America/Sao_Paulo" });

/** The list as a spreadsheet-safe CSV (formula-looking cells neutralised by toCsv). */
export function exportCsv(rows: InadimplenteRow[]): string {
  return toCsv(HEADER, rows.map((r) => [
    r.codigoInadim, r.studentName, r.guardian1Name, r.studentEscola, r.mesesInadim,
    r.isActive ? "Ativo" : "Inativo", DATE_TIME.format(new Date(r.updatedAt)), r.updatedBy,
  ]));
}

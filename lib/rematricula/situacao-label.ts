import type { CampaignRow } from "./campaign";

const STATUS: Record<string, string> = {
  ativo: "Ativo",
  inativo: "Inativo",
  transferido: "Transferido",
  concluinte: "Concluinte",
};

export const statusLabel = (s: string): string => STATUS[s] ?? s;

/** Why a student who is not `ativo` cannot be re-enrolled, in the school's words. */
export function unavailableReason(status: string): string {
  return `Aluno ${statusLabel(status).toLowerCase()}: somente alunos ativos podem ser rematriculados.`;
}

/** A row's situação in words, as the list, the cards and the export show it. */
export function situacaoLabel(row: Pick<CampaignRow, "situacao" | "cancelada" | "status">): string {
  switch (row.situacao) {
    case "rematriculado": return "Rematriculado";
    case "bloqueado": return row.cancelada ? "Bloqueado (rematrícula cancelada)" : "Bloqueado";
    case "indisponivel": return `Indisponível (${statusLabel(row.status).toLowerCase()})`;
    default: return row.cancelada ? "Pendente (rematrícula cancelada)" : "Pendente";
  }
}

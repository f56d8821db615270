import type { CommitCounts, ImportMode } from "@/lib/inadimplencia/import/types";

export const MODE_LABEL: Record<ImportMode, string> = {
  upsert: "Adicionar/atualizar",
  replace: "Substituir a lista",
};

// Dates are shown in Brasília time, whatever the server's zone.
const DATE_TIME = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short", timeZone: "America/Sao_Paulo" });

export function formatWhen(value: Date | string | null): string {
  if (!value) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "—" : DATE_TIME.format(d);
}

export const COUNT_LABELS: [keyof CommitCounts, string][] = [
  ["inserted", "Novos"],
  ["updated", "Atualizados"],
  ["unchanged", "Sem alteração"],
  ["deactivated", "Desativados"],
  ["invalid", "Inválidos"],
  ["warnings", "Avisos"],
];

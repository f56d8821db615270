import type { Role } from "@/db/schema";

// Plain data (no schema import), so client components can use it.

/** Roles a school's admin hands out; superadmin is the platform's, not a school's. */
export const ASSIGNABLE_ROLES = ["aluno", "professor", "secretaria", "financeiro", "coordenador", "admin"] as const satisfies readonly Role[];

export const ALUNO_STATUSES = ["ativo", "inativo", "transferido", "concluinte"] as const;

export const ROLE_LABEL: Record<string, string> = {
  aluno: "Aluno", professor: "Professor", secretaria: "Secretaria", financeiro: "Financeiro",
  coordenador: "Coordenador", admin: "Administrador", superadmin: "Superadmin",
};

export const STATUS_LABEL: Record<string, string> = {
  ativo: "Ativo", inativo: "Inativo", transferido: "Transferido", concluinte: "Concluinte",
};

import type { Confirmation } from "@/app/_components/confirm-step";

/** Asked before a list row loses its link to a student. */
export const UNLINK_CONFIRM: Confirmation = {
  title: "Remover o vínculo?",
  body: "O registro deixa de valer só para o aluno vinculado e volta a bloquear pelo nome: qualquer aluno com este nome passa a ser bloqueado.",
  confirmLabel: "Remover vínculo",
};

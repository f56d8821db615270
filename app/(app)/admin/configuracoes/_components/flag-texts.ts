import type { InadimplenciaFlags } from "@/lib/inadimplencia/flags";

/** What each flag (SPEC §4) is called and does, in the school's words. */
export const FLAG_TEXTS: Record<keyof InadimplenciaFlags, { label: string; help: string }> = {
  enabled: {
    label: "Verificar inadimplência na rematrícula",
    help: "Liga a consulta à lista de inadimplentes: a tela de rematrícula mostra o selo “Inadimplente” e desabilita “Iniciar”.",
  },
  enforcementServerEnabled: {
    label: "Bloquear no servidor",
    help: "Com a verificação ligada, recusa a finalização da rematrícula de um aluno inadimplente. Desligada, a rematrícula passa e a tentativa fica registrada como “seria bloqueada”.",
  },
  bannerMessage: {
    label: "Mensagem de bloqueio",
    help: "Texto mostrado à secretaria quando o aluno está bloqueado (1 a 300 caracteres).",
  },
  requireGuardian: {
    label: "Exigir o mesmo responsável",
    help: "Só considera inadimplente quando o nome do responsável também confere (se o aluno tiver responsável cadastrado).",
  },
  requireSameSchool: {
    label: "Exigir a mesma unidade",
    help: "Só considera inadimplente quando a escola da lista confere com a unidade do aluno (se o aluno tiver unidade).",
  },
  cacheTtlMs: {
    label: "Tempo de cache das configurações (ms)",
    help: "Por quanto tempo cada servidor pode guardar estas configurações antes de relê-las (0 a 86.400.000 ms; 300.000 = 5 minutos). Neste servidor a mudança vale na hora.",
  },
};

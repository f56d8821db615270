import type { InadimplenciaFlags } from "@/lib/inadimplencia/flags";

/** What each flag (SPEC §4) is called and does, in the school's words. */
export const FLAG_TEXTS: Record<keyof InadimplenciaFlags, { label: string; help: string }> = {
  enabled: {
    label: "Verificar inadimplência na rematrícula",
    help: "Liga a consulta à lista de inadimplentes. Na tela de rematrícula o aluno da lista aparece com o selo “Inadimplente” e “Iniciar” desabilitado, e a página do aluno mostra a mensagem de bloqueio com todas as ações desabilitadas. Desligada, ninguém é considerado inadimplente: nem a tela nem o servidor bloqueiam.",
  },
  enforcementServerEnabled: {
    label: "Bloquear no servidor",
    help: "Só tem efeito com a verificação ligada. Ligado, o servidor e o banco de dados recusam a finalização da rematrícula de um aluno inadimplente, venha o pedido de onde vier, e registram a tentativa como “bloqueada”. Desligado, a tela continua bloqueando do mesmo jeito; só um pedido que contorne a tela (um link direto, uma página aberta antes de o aluno entrar na lista) finaliza a rematrícula, e essa finalização fica registrada como “seria bloqueada”.",
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
    label: "Tempo de cache das configurações (segundos)",
    help: "Por quanto tempo cada servidor pode guardar a mensagem de bloqueio antes de relê-la (0 a 86.400 segundos; 300 = 5 minutos); neste servidor a mudança vale na hora. A verificação, o bloqueio no servidor e as regras de correspondência são lidos a cada pedido: ligá-los ou desligá-los vale na hora em todos os servidores.",
  },
};

import Link from "next/link";
import { ATTEMPT_DAYS, type RolloutPanel as Panel, type RolloutStage } from "@/lib/config/rollout";
import { FLAG_TEXTS } from "./flag-texts";

const CHECK = `“${FLAG_TEXTS.enabled.label}”`;
const SERVER = `“${FLAG_TEXTS.enforcementServerEnabled.label}”`;

const STAGES: Record<RolloutStage, { name: string; now: string }> = {
  desligado: {
    name: "Desligado",
    now: "Ninguém é bloqueado: a secretaria rematricula todos os alunos ativos, como antes da lista.",
  },
  dia1: {
    name: "Dia 1: só na tela",
    now: "A secretaria vê o selo “Inadimplente” e não consegue iniciar a rematrícula dos alunos da lista. O servidor ainda não recusa: uma finalização que contorne a tela passa e fica registrada como “seria bloqueada”.",
  },
  dia2: {
    name: "Dia 2: bloqueio no servidor",
    now: "A tela bloqueia e o servidor recusa a finalização de um aluno da lista, venha de onde vier; cada recusa fica registrada como “bloqueada”.",
  },
};

/** What each possible change of the two flags does from this stage, in the admin's words. */
function changes({ stage, flags, numbers: n }: Panel): string[] {
  const blocked = `${n.bloqueados} aluno(s) hoje`;
  if (stage === "desligado") {
    return [
      `Ligar ${CHECK} leva ao Dia 1: os alunos que a lista alcança passam a aparecer bloqueados na tela (${n.linhasAtivas} registro(s) ativo(s) na lista, ${n.linhasSemAluno} sem aluno correspondente).`,
      flags.enforcementServerEnabled
        ? `${SERVER} já está marcado: ao ligar a verificação a escola vai direto ao Dia 2, com a recusa no servidor.`
        : `Marcar ${SERVER} sozinho não muda nada enquanto a verificação estiver desligada.`,
    ];
  }
  const off = `Desligar ${CHECK} volta ao estado desligado: o selo some e todos os alunos ativos podem ser rematriculados; as liberações e a lista continuam guardadas.`;
  if (stage === "dia1") {
    return [
      `Ligar ${SERVER} leva ao Dia 2: o servidor passa a recusar a finalização dos alunos bloqueados (${blocked}), mesmo por link direto. Quem está no meio de uma finalização recebe a mensagem de bloqueio.`,
      off,
    ];
  }
  return [
    `Desligar ${SERVER} volta ao Dia 1: a tela continua bloqueando os mesmos ${blocked}; o servidor volta a deixar passar e a registrar “seria bloqueada”.`,
    off,
  ];
}

function Figure({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div className="rounded border border-slate-200 p-3">
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
      {hint && <dd className="text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}

/** Which rollout stage the school is in, what the next flag change will do, and the numbers to watch (docs/rollout.md). */
export function RolloutPanel({ panel }: { panel: Panel }) {
  const { stage, numbers: n } = panel;
  return (
    <section aria-labelledby="rollout-title" className="max-w-4xl space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="rollout-panel" data-stage={stage}>
      <div>
        <h2 id="rollout-title" className="text-lg font-semibold">Implantação do bloqueio</h2>
        <p className="mt-1">
          Etapa atual: <strong data-testid="rollout-stage">{STAGES[stage].name}</strong>
        </p>
        <p className="text-slate-700">{STAGES[stage].now}</p>
      </div>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Figure label="Alunos bloqueados na campanha" value={n.bloqueados} />
        <Figure label="Tentativas recusadas hoje" value={n.recusadasHoje} hint={`${n.recusadasPeriodo} nos últimos ${ATTEMPT_DAYS} dias`} />
        <Figure label="Finalizações que seriam bloqueadas hoje" value={n.seriamHoje} hint={`${n.seriamPeriodo} nos últimos ${ATTEMPT_DAYS} dias`} />
        <Figure label="Liberações em vigor" value={n.liberacoesVigentes} />
        <Figure label="Registros ativos na lista" value={n.linhasAtivas} />
        <Figure label="Registros da lista sem aluno correspondente" value={n.linhasSemAluno} hint="pelo vínculo ou pelo nome, com as regras de correspondência ligadas; detalhes em Inadimplentes › Conciliação" />
      </dl>
      <div>
        <h3 className="font-semibold">O que cada mudança faz</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-800" data-testid="rollout-changes">
          {changes(panel).map((c) => <li key={c}>{c}</li>)}
        </ul>
      </div>
      <p className="text-sm text-slate-700">
        Passo a passo, o que observar e como voltar atrás: roteiro de implantação (docs/rollout.md). Tendências
        semanais em <Link href="/admin/estatisticas" className="text-blue-800 underline">Estatísticas</Link>.
      </p>
    </section>
  );
}

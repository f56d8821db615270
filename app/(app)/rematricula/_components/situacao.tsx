import Link from "next/link";
import type { CampaignRow } from "@/lib/rematricula/campaign";
import { statusLabel } from "@/lib/rematricula/situacao-label";
import { Badge } from "./badge";
import { BlockedStart } from "./blocked-start";

export function turmaAtual(a: Pick<CampaignRow, "unidade" | "serie" | "turma">): string {
  return [a.unidade, a.serie, a.turma && `Turma ${a.turma}`].filter(Boolean).join(" · ") || "—";
}

/** Where the student stands; the reason shows when they cannot be re-enrolled. */
export function Situacao({ aluno }: { aluno: CampaignRow }) {
  return (
    <span className="flex flex-wrap items-center gap-1">
      {aluno.situacao === "rematriculado" && <Badge tone="success">Rematriculado</Badge>}
      {aluno.situacao === "bloqueado" && <Badge tone="danger">Inadimplente</Badge>}
      {aluno.situacao === "pendente" && <span className="text-sm text-slate-700">Pendente</span>}
      {aluno.situacao === "indisponivel" && (
        <>
          <Badge tone="neutral">{statusLabel(aluno.status)}</Badge>
          <span className="text-xs text-slate-700">Somente alunos ativos são rematriculados</span>
        </>
      )}
      {aluno.cancelada && <Badge tone="neutral">Rematrícula cancelada</Badge>}
    </span>
  );
}

export function Acao({ aluno, bannerMessage }: { aluno: CampaignRow; bannerMessage: string }) {
  if (aluno.situacao === "bloqueado") return <BlockedStart message={bannerMessage} />;
  if (aluno.situacao === "pendente") {
    return (
      <Link href={`/rematricula/${aluno.id}`} aria-label={`Iniciar rematrícula de ${aluno.nome}`}
        className="inline-block rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800">
        Iniciar
      </Link>
    );
  }
  const what = aluno.situacao === "rematriculado" ? "rematrícula" : "cadastro";
  return (
    <Link href={`/rematricula/${aluno.id}`} aria-label={`Ver ${what} de ${aluno.nome}`}
      className="text-sm text-blue-800 underline">Ver</Link>
  );
}

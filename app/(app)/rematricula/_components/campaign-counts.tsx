import type { CampaignCounts } from "@/lib/rematricula/campaign";
import type { SituacaoFilter } from "@/lib/rematricula/campaign-query";

/**
 * The counts of the whole filter (unidade, série, turma, busca — not only of the
 * page) per situação, as text; the situação being listed is outlined.
 */
export function CampaignCountsSummary({ counts, situacao }: { counts: CampaignCounts; situacao: SituacaoFilter }) {
  const items: [string, number, SituacaoFilter | null][] = [
    ["Total", counts.total, "todos"],
    ["Pendentes", counts.pendente, "pendente"],
    ["Rematriculados", counts.rematriculado, "rematriculado"],
    ["Bloqueados", counts.bloqueado, "bloqueado"],
    ["Com rematrícula cancelada", counts.cancelado, "cancelado"],
    ["Fora da campanha (não ativos)", counts.indisponivel, null],
  ];
  return (
    <section aria-labelledby="resumo-filtro">
      <h2 id="resumo-filtro" className="sr-only">Resumo do filtro</h2>
      <dl className="grid grid-cols-3 gap-2 lg:grid-cols-6" data-testid="campaign-counts">
        {items.map(([label, n, s]) => (
          <div key={label} className={`min-w-0 rounded border bg-white px-2 py-2 sm:px-3 ${
            s === situacao ? "border-blue-700 ring-1 ring-blue-700" : "border-slate-200"}`}>
            <dt className="text-xs break-words text-slate-700">{label}</dt>
            <dd className="text-lg font-semibold">{n}</dd>
          </div>
        ))}
      </dl>
      {/* SPEC §6: the badge names the reason, the situação the state; said once, so the two words never compete. */}
      <p className="mt-2 text-sm text-slate-700" data-testid="legenda-bloqueado">
        <strong>Bloqueado</strong> é a situação dos alunos com o selo “Inadimplente”: estão na lista da Tesouraria e a
        rematrícula só pode ser iniciada depois que a Tesouraria os retirar da lista ou conceder uma liberação.
      </p>
    </section>
  );
}

import type { CampaignCounts } from "@/lib/rematricula/campaign";

/** The counts of the whole current filter (not only of the page), as text. */
export function CampaignCountsSummary({ counts }: { counts: CampaignCounts }) {
  const items: [string, number][] = [
    ["Alunos no filtro", counts.total],
    ["Pendentes", counts.pendente],
    ["Rematriculados", counts.rematriculado],
    ["Bloqueados", counts.bloqueado],
    ["Com rematrícula cancelada", counts.cancelado],
    ["Fora da campanha (não ativos)", counts.indisponivel],
  ];
  return (
    <section aria-labelledby="resumo-filtro">
      <h2 id="resumo-filtro" className="sr-only">Resumo do filtro</h2>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="campaign-counts">
        {items.map(([label, n]) => (
          <div key={label} className="rounded border border-slate-200 bg-white px-3 py-2">
            <dt className="text-xs text-slate-700">{label}</dt>
            <dd className="text-lg font-semibold">{n}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

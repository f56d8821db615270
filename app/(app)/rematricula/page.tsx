import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { getFlags } from "@/lib/inadimplencia/flags";
import { listCampaign } from "@/lib/rematricula/campaign";
import { campaignSearch, parseCampaignQuery } from "@/lib/rematricula/campaign-query";
import { AlunosList } from "./_components/alunos-list";
import { CampaignCountsSummary } from "./_components/campaign-counts";
import { CampaignFilters } from "./_components/campaign-filters";
import { CampaignYear } from "./_components/campaign-year";
import { Pagination } from "./_components/pagination";

export const metadata: Metadata = { title: "Rematrícula" };

export default async function RematriculaHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage("rematricula");
  const [result, flags] = await Promise.all([
    listCampaign(ctx.session, parseCampaignQuery(await searchParams)),
    getFlags(ctx.session),
  ]);
  const { query } = result;
  const filtered = !!(query.q || query.unidade || query.serie || query.turma || query.situacao !== "todos");
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">Rematrícula</h1>
          <CampaignYear anoLetivo={result.anoLetivo} />
        </div>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link href="/rematricula/progresso" className="text-blue-800 underline">Ver progresso da campanha</Link>
          <a href={`/rematricula/exportar${campaignSearch(query, 1)}`} className="text-blue-800 underline" download>
            Exportar lista (CSV)
          </a>
        </div>
      </div>
      <CampaignFilters query={query} options={result.options} />
      <CampaignCountsSummary counts={result.counts} situacao={query.situacao} />
      <AlunosList rows={result.rows} total={result.total} filtered={filtered} bannerMessage={flags.bannerMessage} />
      <Pagination query={query} pageCount={result.pageCount} />
    </section>
  );
}

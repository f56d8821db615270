import Link from "next/link";
import { campaignSearch, type CampaignQuery } from "@/lib/rematricula/campaign-query";

const LINK = "rounded border border-slate-400 bg-white px-3 py-1 text-sm text-blue-800 hover:bg-slate-100";
const OFF = "rounded border border-slate-200 px-3 py-1 text-sm text-slate-600";

const pageHref = (query: CampaignQuery, page: number) => `/rematricula${campaignSearch(query, page)}`;

/** Previous/next links that keep the filters; the edges render as inert text, not dead links. */
export function Pagination({ query, pageCount }: { query: CampaignQuery; pageCount: number }) {
  const { page } = query;
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Paginação" className="mt-4 flex items-center justify-between gap-4">
      {page > 1 ? (
        <Link href={pageHref(query, page - 1)} rel="prev" className={LINK}>Anterior</Link>
      ) : (
        <span aria-disabled="true" className={OFF}>Anterior</span>
      )}
      <span className="text-sm text-slate-700">Página {page} de {pageCount}</span>
      {page < pageCount ? (
        <Link href={pageHref(query, page + 1)} rel="next" className={LINK}>Próxima</Link>
      ) : (
        <span aria-disabled="true" className={OFF}>Próxima</span>
      )}
    </nav>
  );
}

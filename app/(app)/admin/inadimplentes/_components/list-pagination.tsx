import Link from "next/link";
import { listQueryString, type ListQuery } from "@/lib/inadimplencia/list-query";

const LINK = "rounded border border-slate-400 bg-white px-3 py-1 text-sm text-blue-800 hover:bg-slate-100";
const OFF = "rounded border border-slate-200 px-3 py-1 text-sm text-slate-600";

/** Previous/next links that keep the filter and the order; the edges render as inert text. */
export function ListPagination({ query, page, pageCount }: { query: ListQuery; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const href = (p: number) => `/admin/inadimplentes${listQueryString(query, { page: p })}`;
  return (
    <nav aria-label="Paginação" className="mt-4 flex items-center justify-between gap-4">
      {page > 1 ? <Link href={href(page - 1)} rel="prev" className={LINK}>Anterior</Link>
        : <span aria-disabled="true" className={OFF}>Anterior</span>}
      <span className="text-sm text-slate-700">Página {page} de {pageCount}</span>
      {page < pageCount ? <Link href={href(page + 1)} rel="next" className={LINK}>Próxima</Link>
        : <span aria-disabled="true" className={OFF}>Próxima</span>}
    </nav>
  );
}

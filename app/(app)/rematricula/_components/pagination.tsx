import Link from "next/link";

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `/rematricula?${s}` : "/rematricula";
}

const LINK = "rounded border border-slate-400 bg-white px-3 py-1 text-sm text-blue-800 hover:bg-slate-100";
const OFF = "rounded border border-slate-200 px-3 py-1 text-sm text-slate-600";

/** Previous/next links that keep the search; the edges render as inert text, not dead links. */
export function Pagination({ q, page, pageCount }: { q: string; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Paginação" className="mt-4 flex items-center justify-between gap-4">
      {page > 1 ? (
        <Link href={pageHref(q, page - 1)} rel="prev" className={LINK}>Anterior</Link>
      ) : (
        <span aria-disabled="true" className={OFF}>Anterior</span>
      )}
      <span className="text-sm text-slate-700">Página {page} de {pageCount}</span>
      {page < pageCount ? (
        <Link href={pageHref(q, page + 1)} rel="next" className={LINK}>Próxima</Link>
      ) : (
        <span aria-disabled="true" className={OFF}>Próxima</span>
      )}
    </nav>
  );
}

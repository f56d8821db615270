import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { listEscolas, listInadimplentes } from "@/lib/inadimplencia/list";
import { listQueryString, parseListQuery } from "@/lib/inadimplencia/list-query";
import { BUTTON, BUTTON_SECONDARY } from "./_components/format";
import { ListFilters } from "./_components/list-filters";
import { ListPagination } from "./_components/list-pagination";
import { ListTable } from "./_components/list-table";

export const metadata: Metadata = { title: "Inadimplentes" };

export default async function InadimplentesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage("inadimplentes.read");
  const query = parseListQuery(await searchParams);
  const [result, escolas] = await Promise.all([listInadimplentes(ctx.session, query), listEscolas(ctx.session)]);
  const exportHref = `/admin/inadimplentes/exportar${listQueryString(query, { page: 1 })}`;
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Inadimplentes</h1>
        <div className="flex flex-wrap gap-2">
          {can(ctx.roles, "inadimplentes.write") && (
            <Link href="/admin/inadimplentes/novo" className={BUTTON}>Novo registro</Link>
          )}
          <a href={exportHref} className={BUTTON_SECONDARY} download>Exportar CSV</a>
        </div>
      </div>
      <ListFilters query={query} escolas={escolas} />
      <p className="text-sm text-slate-700" role="status">{result.total} registro(s)</p>
      <ListTable rows={result.rows} query={{ ...query, page: result.page }} writer={can(ctx.roles, "inadimplentes.write")}
        hasUnidades={result.hasUnidades} />
      <ListPagination query={query} page={result.page} pageCount={result.pageCount} />
    </section>
  );
}

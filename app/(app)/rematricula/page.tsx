import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { getFlags } from "@/lib/inadimplencia/flags";
import { searchAlunos } from "@/lib/rematricula/students";
import { AlunosTable } from "./_components/alunos-table";
import { Pagination } from "./_components/pagination";
import { SearchForm } from "./_components/search-form";

export const metadata: Metadata = { title: "Rematrícula" };

const PAGE_SIZE = 25;

/** The first value of a query parameter that may repeat (?q=a&q=b). */
function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

export default async function RematriculaHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage("rematricula");
  const params = await searchParams;
  const q = first(params.q).trim().slice(0, 100);
  const page = Number.parseInt(first(params.page), 10) || 1;
  const [result, flags] = await Promise.all([
    searchAlunos(ctx.session, { q, page, pageSize: PAGE_SIZE }),
    getFlags(ctx.session),
  ]);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Rematrícula</h1>
        <p className="text-slate-700">Busque o aluno e inicie a rematrícula para o próximo ano letivo.</p>
      </div>
      <SearchForm q={q} />
      <AlunosTable rows={result.rows} total={result.total} q={q} bannerMessage={flags.bannerMessage} />
      <Pagination q={q} page={result.page} pageCount={result.pageCount} />
    </section>
  );
}

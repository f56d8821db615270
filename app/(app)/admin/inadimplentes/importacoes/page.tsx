import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { listBatches } from "@/lib/inadimplencia/import/batches";
import { MODE_LABEL, formatWhen } from "./_components/format";
import { ScrollRegion } from "@/app/_components/scroll-region";

export const metadata: Metadata = { title: "Importações" };

// Page numbers come from the address bar: anything but a sane positive integer is page 1.
function pageParam(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : 1;
}

export default async function ImportacoesPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const ctx = await requirePage("inadimplentes.read");
  const result = await listBatches(ctx.session, { page: pageParam((await searchParams).page) });
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Importações</h1>
      <p className="mb-4 text-sm text-slate-700">
        Cada importação confirmada da lista de inadimplentes. Abra uma para baixar seus erros ou desfazê-la.
      </p>
      <p className="mb-2 text-sm text-slate-600">{result.total} importação(ões)</p>
      <ScrollRegion label="Histórico de importações" className="rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Histórico de importações</caption>
          <thead className="bg-slate-100">
            <tr>
              {["Quando", "Quem", "Arquivo", "Modo", "Novos", "Atualizados", "Sem alteração", "Desativados", "Inválidos", "Situação"]
                .map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {result.items.map((b) => (
              <tr key={b.id} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  <Link href={`/admin/inadimplentes/importacoes/${b.id}`} className="text-blue-800 underline">
                    {formatWhen(b.createdAt)}
                  </Link>
                </td>
                <td className="px-3 py-2">{b.authorName ?? "—"}</td>
                <td className="px-3 py-2 break-all">{b.fileName}</td>
                <td className="px-3 py-2">{MODE_LABEL[b.mode]}</td>
                <td className="px-3 py-2">{b.counts.inserted}</td>
                <td className="px-3 py-2">{b.counts.updated}</td>
                <td className="px-3 py-2">{b.counts.unchanged}</td>
                <td className="px-3 py-2">{b.counts.deactivated}</td>
                <td className="px-3 py-2">{b.counts.invalid}</td>
                <td className="px-3 py-2">{b.undoneAt ? `Desfeita em ${formatWhen(b.undoneAt)}` : "Aplicada"}</td>
              </tr>
            ))}
            {result.items.length === 0 && (
              <tr><td colSpan={10} className="px-3 py-6 text-center text-slate-600">Nenhuma importação ainda.</td></tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
      <nav aria-label="Paginação" className="mt-3 flex items-center gap-4 text-sm">
        {result.page > 1 && <Link href={`?page=${result.page - 1}`} className="underline">Anterior</Link>}
        <span>Página {result.page} de {Math.max(result.pageCount, 1)}</span>
        {result.page < result.pageCount && <Link href={`?page=${result.page + 1}`} className="underline">Próxima</Link>}
      </nav>
      <p className="mt-6 text-sm">
        <Link href="/admin/inadimplentes/importar" className="text-blue-800 underline">Importar um novo arquivo</Link>
      </p>
    </section>
  );
}

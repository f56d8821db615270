import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { listInadimplentes, type StatusFilter } from "@/lib/inadimplencia/list";

export const metadata: Metadata = { title: "Inadimplentes" };

const STATUS: Record<StatusFilter, string> = { active: "Ativos", inactive: "Inativos", all: "Todos" };

export default async function InadimplentesPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; status?: string; page?: string }>;
}) {
  const ctx = await requirePage("inadimplentes.read");
  const sp = await searchParams;
  const status = (sp.status && sp.status in STATUS ? sp.status : "active") as StatusFilter;
  const q = (sp.q ?? "").slice(0, 100);
  const result = await listInadimplentes(ctx.session, { q, status, page: Number(sp.page) || 1 });
  const href = (page: number) => `?${new URLSearchParams({ q, status, page: String(page) })}`;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Inadimplentes</h1>
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">Buscar aluno ou responsável</label>
          <input id="q" name="q" defaultValue={q} className="mt-1 rounded border border-slate-300 px-3 py-2" />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium">Situação</label>
          <select id="status" name="status" defaultValue={status} className="mt-1 rounded border border-slate-300 px-3 py-2">
            {Object.entries(STATUS).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </div>
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">Filtrar</button>
      </form>
      <p className="mb-2 text-sm text-slate-600">{result.total} registro(s)</p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Lista de inadimplentes</caption>
          <thead className="bg-slate-100">
            <tr>
              {["Código", "Aluno", "Responsável", "Escola", "Meses", "Situação", "Atualizado em", "Atualizado por"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100">
                <td className="px-3 py-2">{r.codigoInadim}</td>
                <td className="px-3 py-2">{r.studentName}</td>
                <td className="px-3 py-2">{r.guardian1Name}</td>
                <td className="px-3 py-2">{r.studentEscola}</td>
                <td className="px-3 py-2">{r.mesesInadim}</td>
                <td className="px-3 py-2">{r.isActive ? "Ativo" : "Inativo"}</td>
                <td className="px-3 py-2">{new Date(r.updatedAt).toLocaleString("pt-BR", { timeZone: "America/Sao_Paulo" })}</td>
                <td className="px-3 py-2">{r.updatedBy ?? "—"}</td>
              </tr>
            ))}
            {result.rows.length === 0 && (
              <tr><td colSpan={8} className="px-3 py-6 text-center text-slate-600">Nenhum registro encontrado.</td></tr>
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Paginação" className="mt-3 flex items-center gap-4 text-sm">
        {result.page > 1 && <Link href={href(result.page - 1)} className="underline">Anterior</Link>}
        <span>Página {result.page} de {result.pageCount}</span>
        {result.page < result.pageCount && <Link href={href(result.page + 1)} className="underline">Próxima</Link>}
      </nav>
    </section>
  );
}

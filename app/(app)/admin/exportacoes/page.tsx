import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { EXPORT_LABEL, listExports } from "@/lib/audit/exports";
import { ScrollRegion } from "@/app/_components/scroll-region";

export const metadata: Metadata = { title: "Exportações" };

const DATE_TIME = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short", timeZone: "America/Sao_Paulo" });

// Filter names as the screens call them.
const FILTER_LABEL: Record<string, string> = {
  q: "busca", unidade: "unidade", serie: "série", turma: "turma", situacao: "situação",
  status: "situação na lista", escola: "escola", sort: "ordem", dir: "direção", importacao: "importação",
};

function describeFilters(filters: Record<string, unknown>): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== null && v !== undefined && v !== "" && typeof v !== "object")
    .map(([k, v]) => `${FILTER_LABEL[k] ?? k}: ${String(v)}`);
  return parts.length ? parts.join("; ") : "sem filtro";
}

/** Who took which of the school's data out as a file, and when (admins only). */
export default async function ExportacoesPage() {
  const ctx = await requirePage("audit");
  const rows = await listExports(ctx.session);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Exportações</h1>
      <p className="text-sm text-slate-700">
        Cada arquivo baixado com dados da escola fica registrado: quem, quando, com quais filtros e quantas linhas.
      </p>
      <ScrollRegion label="Exportações mais recentes" className="rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Exportações mais recentes</caption>
          <thead className="bg-slate-100">
            <tr>
              {["Quando", "Quem", "O quê", "Filtros", "Linhas"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colSpan={5} className="px-3 py-4 text-slate-600">Nenhuma exportação registrada.</td></tr>
            )}
            {rows.map((r, i) => (
              <tr key={i} className="border-t border-slate-100" data-testid="export-row">
                <td className="px-3 py-2 whitespace-nowrap">{DATE_TIME.format(r.at)}</td>
                <td className="px-3 py-2">{r.actorName ?? "—"}</td>
                <td className="px-3 py-2">{EXPORT_LABEL[r.kind] ?? r.kind}</td>
                <td className="px-3 py-2">{describeFilters(r.filters)}</td>
                <td className="px-3 py-2 text-right">{r.rowCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

import Link from "next/link";
import type { ListQuery, StatusFilter } from "@/lib/inadimplencia/list-query";
import { BUTTON, INPUT } from "./format";

const STATUS: Record<StatusFilter, string> = { active: "Ativos", inactive: "Inativos", all: "Todos" };

/** A plain GET form: the filter lives in the URL, so it can be shared, reloaded, paged and exported. */
export function ListFilters({ query, escolas }: { query: ListQuery; escolas: string[] }) {
  return (
    <form method="get" action="/admin/inadimplentes" role="search" aria-label="Filtrar inadimplentes"
      className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <div className="min-w-64 flex-1">
        <label htmlFor="q" className="block text-sm font-medium">Buscar aluno ou responsável</label>
        <input id="q" name="q" type="search" defaultValue={query.q} maxLength={100} className={INPUT} />
      </div>
      <div>
        <label htmlFor="status" className="block text-sm font-medium">Situação</label>
        <select id="status" name="status" defaultValue={query.status} className={INPUT}>
          {Object.entries(STATUS).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="escola" className="block text-sm font-medium">Unidade</label>
        <select id="escola" name="escola" defaultValue={query.escola} className={INPUT}>
          <option value="">Todas</option>
          {escolas.map((e) => <option key={e} value={e}>{e}</option>)}
          {query.escola && !escolas.includes(query.escola) && <option value={query.escola}>{query.escola}</option>}
        </select>
      </div>
      <button type="submit" className={BUTTON}>Filtrar</button>
      <Link href="/admin/inadimplentes" className="px-2 py-2 text-sm text-blue-800 underline">Limpar filtros</Link>
    </form>
  );
}

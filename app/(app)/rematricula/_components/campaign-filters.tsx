import Link from "next/link";
import type { CampaignOptions } from "@/lib/rematricula/campaign-options";
import { SITUACAO_LABELS, type CampaignQuery } from "@/lib/rematricula/campaign-query";

const FIELD = "mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2";

function Select({ id, label, value, options, all }: {
  id: string; label: string; value: string; options: [value: string, label: string][]; all: string;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <select id={id} name={id} defaultValue={value} className={FIELD}>
        <option value="">{all}</option>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  );
}

const same = (values: string[]) => values.map((v): [string, string] => [v, v]);

/**
 * A plain GET form: the filters live in the URL, so a filtered view can be
 * shared, reloaded and paged. Changing a filter starts again at page 1.
 */
export function CampaignFilters({ query, options }: { query: CampaignQuery; options: CampaignOptions }) {
  const filtered = !!(query.q || query.unidade || query.serie || query.turma || query.situacao !== "todos");
  const situacoes = Object.entries(SITUACAO_LABELS).filter(([v]) => v !== "todos") as [string, string][];
  return (
    <form method="get" action="/rematricula" role="search" aria-label="Filtrar alunos"
      className="grid grid-cols-2 gap-3 rounded border border-slate-200 bg-white p-4 lg:grid-cols-6 lg:items-end">
      <div className="col-span-2 min-w-0">
        <label htmlFor="q" className="block text-sm font-medium">Buscar aluno, responsável ou matrícula</label>
        <input id="q" name="q" type="search" defaultValue={query.q} maxLength={100} className={FIELD} />
      </div>
      {options.unidades.length > 0 && (
        <Select id="unidade" label="Unidade" value={query.unidade} options={same(options.unidades)} all="Todas" />
      )}
      <Select id="serie" label="Série" value={query.serie} options={same(options.series)} all="Todas" />
      <Select id="turma" label="Turma" value={query.turma} options={same(options.turmas)} all="Todas" />
      <Select id="situacao" label="Situação" value={query.situacao === "todos" ? "" : query.situacao}
        options={situacoes} all="Todas" />
      <div className="col-span-2 flex flex-wrap items-center gap-3 lg:col-span-6">
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">Filtrar</button>
        {filtered && <Link href="/rematricula" className="px-2 py-2 text-sm text-blue-800 underline">Limpar filtros</Link>}
      </div>
    </form>
  );
}

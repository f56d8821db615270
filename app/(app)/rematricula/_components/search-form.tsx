import Link from "next/link";

/** A plain GET form: the search lives in the URL, so it can be shared, reloaded and paged. */
export function SearchForm({ q }: { q: string }) {
  return (
    <form method="get" action="/rematricula" role="search" className="flex flex-wrap items-end gap-2">
      <div className="min-w-64 flex-1">
        <label htmlFor="q" className="block text-sm font-medium">Buscar aluno ou responsável</label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={100}
          className="mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2" />
      </div>
      <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
        Buscar
      </button>
      {q && (
        <Link href="/rematricula" className="px-2 py-2 text-sm text-blue-800 underline">Limpar busca</Link>
      )}
    </form>
  );
}

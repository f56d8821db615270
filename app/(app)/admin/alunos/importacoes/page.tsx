import type { Metadata } from "next";
import Link from "next/link";
import { UndoForm } from "@/app/(app)/_components/import/undo-form";
import { formatWhen } from "@/app/(app)/admin/inadimplentes/importacoes/_components/format";
import { requirePage } from "@/lib/auth/context";
import { listBatches } from "@/lib/import/batches";
import { undoRosterAction } from "./actions";

export const metadata: Metadata = { title: "Importações de alunos" };

function pageParam(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : 1;
}

/** The roster's import history (the shared batch record, kind "alunos"); the latest batches can be undone here. */
export default async function ImportacoesAlunosPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const ctx = await requirePage("roster");
  const result = await listBatches(ctx.session, "alunos", { page: pageParam((await searchParams).page) });
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Importações de alunos</h1>
      <p className="mb-2 text-sm text-slate-600">{result.total} importação(ões)</p>
      <ul className="space-y-4">
        {result.items.map((b) => (
          <li key={b.id} className="rounded border border-slate-200 bg-white p-4 text-sm">
            <p className="font-medium break-all">{b.fileName}</p>
            <p className="text-slate-700">
              {formatWhen(b.createdAt)} · {b.authorName ?? "—"} · {b.mode === "replace" ? "Roster completo" : "Adicionar/atualizar"} ·{" "}
              {b.counts.inserted} novo(s), {b.counts.updated} atualizado(s), {b.counts.unchanged} sem alteração,{" "}
              {b.counts.deactivated} inativado(s), {b.counts.invalid} inválido(s)
              {b.undoneAt ? ` · desfeita em ${formatWhen(b.undoneAt)}` : ""}
            </p>
            {b.counts.invalid + b.counts.warnings > 0 && (
              <a href={`/api/import/roster/batches/${b.id}/errors`} className="text-blue-800 underline" download>Baixar erros (CSV)</a>
            )}
            <div className="mt-2">
              <UndoForm undo={undoRosterAction} batchId={b.id} fileName={b.fileName} undone={!!b.undoneAt}
                effect="Os alunos que ela criou são removidos e os que ela alterou ou inativou voltam ao estado anterior." />
            </div>
          </li>
        ))}
        {result.items.length === 0 && <li className="text-slate-600">Nenhuma importação de alunos ainda.</li>}
      </ul>
      <nav aria-label="Paginação" className="mt-3 flex items-center gap-4 text-sm">
        {result.page > 1 && <Link href={`?page=${result.page - 1}`} className="underline">Anterior</Link>}
        <span>Página {result.page} de {Math.max(result.pageCount, 1)}</span>
        {result.page < result.pageCount && <Link href={`?page=${result.page + 1}`} className="underline">Próxima</Link>}
      </nav>
      <p className="mt-6 text-sm"><Link href="/admin/alunos/importar" className="text-blue-800 underline">Importar um novo arquivo</Link></p>
    </section>
  );
}

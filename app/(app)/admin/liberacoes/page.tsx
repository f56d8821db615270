import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { liberacoesAudit, listLiberacoes, searchAlunos } from "@/lib/inadimplencia/liberacoes";
import { GrantForm } from "./_components/grant-form";
import { LiberacoesTable } from "./_components/liberacoes-table";
import { LiberacoesTrail } from "./_components/liberacoes-trail";

export const metadata: Metadata = { title: "Liberações" };

/** A calendar day in Brazilian time, `years` from today, as the date input wants it. */
function schoolDay(years = 0): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + years);
  return d.toLocaleDateString("en-CA", { timeZone: "America/Sao_Paulo" });
}

export default async function LiberacoesPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const ctx = await requirePage("inadimplentes.read");
  const sp = await searchParams;
  // A repeated ?q= keeps its first value; NUL and overlong input are cut in lib/.
  const q = (Array.isArray(sp.q) ? sp.q[0] : sp.q ?? "").slice(0, 100);
  const canWrite = can(ctx.roles, "inadimplentes.write");
  const [lists, trail, alunos] = await Promise.all([
    listLiberacoes(ctx.session),
    liberacoesAudit(ctx.session),
    canWrite && q.trim() ? searchAlunos(ctx.session, q) : Promise.resolve([]),
  ]);
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Liberações</h1>
        <p className="text-sm text-slate-600">
          Uma liberação permite rematricular um aluno que está na lista de inadimplentes até a data escolhida. Ela vale
          a partir da próxima consulta e deixa de valer sozinha ao fim do último dia.
        </p>
      </div>
      {canWrite && (
        <section aria-labelledby="grant-title" className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="grant-title" className="mb-3 text-lg font-semibold">Conceder liberação</h2>
          <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-2">
            <div className="min-w-64 flex-1">
              <label htmlFor="q" className="block text-sm font-medium">Buscar aluno pelo nome</label>
              <input id="q" name="q" type="search" defaultValue={q} maxLength={100}
                className="mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2" />
            </div>
            <button type="submit" className="rounded border border-blue-700 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50">
              Buscar aluno
            </button>
            {q && <Link href="/admin/liberacoes" className="px-2 py-2 text-sm text-blue-800 underline">Limpar busca</Link>}
          </form>
          {q.trim() && (
            <p className="mb-3 text-sm text-slate-600" role="status">
              {alunos.length ? `${alunos.length} aluno(s) encontrado(s)${alunos.length === 20 ? " (mostrando os 20 primeiros)" : ""}.`
                : "Nenhum aluno encontrado com esse nome."}
            </p>
          )}
          <GrantForm key={q} alunos={alunos} minDate={schoolDay()} maxDate={schoolDay(1)} />
        </section>
      )}
      <section aria-labelledby="valid-title" className="space-y-3">
        <h2 id="valid-title" className="text-lg font-semibold">Liberações válidas</h2>
        <LiberacoesTable caption="Liberações válidas" rows={lists.valid} canRevoke={canWrite} empty="Nenhuma liberação válida." />
      </section>
      <section aria-labelledby="past-title" className="space-y-3">
        <h2 id="past-title" className="text-lg font-semibold">Liberações expiradas ou revogadas</h2>
        <LiberacoesTable caption="Liberações expiradas ou revogadas" rows={lists.past} canRevoke={false}
          empty="Nenhuma liberação expirada ou revogada." />
      </section>
      <section aria-labelledby="trail-title" className="space-y-3">
        <h2 id="trail-title" className="text-lg font-semibold">Histórico</h2>
        <LiberacoesTrail rows={trail} />
      </section>
    </section>
  );
}

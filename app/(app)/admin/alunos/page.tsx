import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { listAlunos, unidadeNames } from "@/lib/people/alunos";
import { formatCpf } from "@/lib/people/cpf";
import { STATUS_LABEL } from "@/lib/people/roles";
import { createAlunoAction } from "./actions";
import { AlunoForm } from "./aluno-form";
import { ScrollRegion } from "@/app/_components/scroll-region";

export const metadata: Metadata = { title: "Alunos" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function AlunosPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[]; page?: string | string[] }>;
}) {
  const ctx = await requirePage("people");
  const sp = await searchParams;
  const q = one(sp.q).replace(/\0/g, "").slice(0, 100);
  const page = Number.parseInt(one(sp.page), 10);
  const [result, unidades] = await Promise.all([
    listAlunos(ctx.session, { q, page: Number.isSafeInteger(page) ? page : 1 }),
    unidadeNames(ctx.session),
  ]);
  const href = (p: number) => `?${new URLSearchParams({ q, page: String(p) })}`;
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Alunos</h1>
      <p className="text-sm">
        <Link href="/admin/alunos/importar" className="text-blue-800 underline">Importar alunos de um arquivo (CSV)</Link>
      </p>
      <details className="rounded border border-slate-200 bg-white p-2">
        <summary className="cursor-pointer px-2 py-1 font-medium">Cadastrar aluno</summary>
        <AlunoForm action={createAlunoAction} unidades={unidades} withLogin submitLabel="Cadastrar" />
      </details>
      <form role="search" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">Buscar por nome, responsável, CPF ou matrícula</label>
          <input id="q" name="q" defaultValue={q} maxLength={100} className="mt-1 rounded border border-slate-400 px-3 py-2" />
        </div>
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">Buscar</button>
      </form>
      <p className="text-sm text-slate-600">{result.total} aluno(s)</p>
      <ScrollRegion label="Alunos da escola" className="rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Alunos da escola</caption>
          <thead className="bg-slate-100">
            <tr>
              {["Aluno", "Matrícula", "CPF", "Responsável", "Unidade", "Série/turma", "Situação", "Acesso"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((a) => (
              <tr key={a.id} className="border-t border-slate-100">
                <td className="px-3 py-2"><Link href={`/admin/alunos/${a.id}`} className="text-blue-800 underline">{a.nome}</Link></td>
                <td className="px-3 py-2">{a.matricula ?? "—"}</td>
                <td className="px-3 py-2">{formatCpf(a.cpf)}</td>
                <td className="px-3 py-2">{a.responsavelNome}</td>
                <td className="px-3 py-2">{a.unidade}</td>
                <td className="px-3 py-2">{[a.serie, a.turma].filter(Boolean).join(" ")}</td>
                <td className="px-3 py-2">{STATUS_LABEL[a.status]}</td>
                <td className="px-3 py-2">{a.email ?? "—"}</td>
              </tr>
            ))}
            {result.rows.length === 0 && (
              <tr><td colSpan={8} className="px-3 py-6 text-center text-slate-600">Nenhum aluno encontrado.</td></tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
      <nav aria-label="Paginação" className="flex items-center gap-4 text-sm">
        {result.page > 1 && <Link href={href(result.page - 1)} className="underline">Anterior</Link>}
        <span>Página {result.page} de {result.pageCount}</span>
        {result.page < result.pageCount && <Link href={href(result.page + 1)} className="underline">Próxima</Link>}
      </nav>
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { importMaxBytes } from "@/lib/import/read-file";
import { RosterWizard } from "./_components/roster-wizard";

export const metadata: Metadata = { title: "Importar alunos" };

export default async function ImportarAlunosPage() {
  await requirePage("roster");
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">Importar alunos</h1>
      <p className="mb-4 max-w-3xl text-sm text-slate-700">
        Envie a lista de alunos exportada do sistema acadêmico (CSV, também salvo pelo Excel). Antes de gravar qualquer coisa, a
        pré-visualização mostra quem é novo, o que muda em cada aluno e as linhas que precisam de atenção. Nenhum aluno é
        excluído, e acessos ao sistema não são alterados.{" "}
        <Link href="/admin/alunos/importacoes" className="text-blue-800 underline">Ver importações anteriores</Link>
      </p>
      <RosterWizard maxBytes={importMaxBytes()} />
    </section>
  );
}

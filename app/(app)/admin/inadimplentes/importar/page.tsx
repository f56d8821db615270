import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { importMaxBytes } from "@/lib/inadimplencia/import/read-file";
import { ListImportWizard } from "./_components/list-wizard";

export const metadata: Metadata = { title: "Importar CSV" };

export default async function ImportarPage() {
  await requirePage("inadimplentes.write");
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">Importar lista de inadimplentes</h1>
      <p className="mb-4 max-w-3xl text-sm text-slate-700">
        Envie o arquivo exportado do Excel ou do sistema financeiro. Antes de gravar qualquer coisa, a pré-visualização
        mostra o que vai mudar e como cada linha corresponde aos alunos da escola.{" "}
        <Link href="/admin/inadimplentes/importacoes" className="text-blue-800 underline">Ver importações anteriores</Link>
      </p>
      <ListImportWizard maxBytes={importMaxBytes()} />
    </section>
  );
}

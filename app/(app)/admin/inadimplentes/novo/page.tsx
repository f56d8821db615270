import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { listEscolas } from "@/lib/inadimplencia/list";
import { EMPTY_VALUES, InadimplenteForm } from "../_components/inadimplente-form";

export const metadata: Metadata = { title: "Novo registro de inadimplência" };

export default async function NovoInadimplentePage() {
  const ctx = await requirePage("inadimplentes.write");
  const escolas = await listEscolas(ctx.session);
  return (
    <section className="space-y-4">
      <Link href="/admin/inadimplentes" className="text-sm text-blue-800 underline">← Voltar à lista</Link>
      <h1 className="text-2xl font-semibold">Novo registro</h1>
      <p className="text-sm text-slate-700">
        Se já houver um registro ativo para o mesmo aluno, responsável e escola, ele será atualizado em vez de duplicado.
      </p>
      <InadimplenteForm initial={EMPTY_VALUES} escolas={escolas} />
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { getAluno, unidadeNames } from "@/lib/people/alunos";
import { formatCpf } from "@/lib/people/cpf";
import { updateAlunoAction } from "../actions";
import { AlunoForm } from "../aluno-form";

export const metadata: Metadata = { title: "Aluno" };

export default async function AlunoPage({ params }: { params: Promise<{ alunoId: string }> }) {
  const ctx = await requirePage("people");
  const { alunoId } = await params;
  // Another school's id is simply not found (RLS), like an unknown one.
  const aluno = await getAluno(ctx.session, alunoId).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const unidades = await unidadeNames(ctx.session);
  return (
    <section className="space-y-4">
      <Link href="/admin/alunos" className="text-sm text-blue-800 underline">← Alunos</Link>
      <h1 className="text-2xl font-semibold">{aluno.nome}</h1>
      <p className="text-sm text-slate-700">
        Matrícula: {aluno.matricula ?? "—"} · Acesso: {aluno.email ?? "sem login"}
      </p>
      <AlunoForm
        action={updateAlunoAction}
        unidades={unidades}
        submitLabel="Salvar"
        initial={{
          alunoId: aluno.id, nome: aluno.nome, matricula: aluno.matricula ?? "", cpf: formatCpf(aluno.cpf),
          dataNascimento: aluno.dataNascimento ?? "",
          responsavelNome: aluno.responsavelNome ?? "", responsavelTelefone: aluno.responsavelTelefone ?? "",
          unidade: aluno.unidade ?? "", serie: aluno.serie ?? "", turma: aluno.turma ?? "",
          anoLetivo: aluno.anoLetivo?.toString() ?? "", status: aluno.status,
        }}
      />
    </section>
  );
}

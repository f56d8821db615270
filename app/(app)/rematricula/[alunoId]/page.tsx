import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePage } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { getAlunoDetail, type AlunoDetail } from "@/lib/rematricula/students";
import { formatDate, formatDateTime, statusLabel } from "../_components/format";
import { FinalizeForm } from "./finalize-form";

export const metadata: Metadata = { title: "Rematrícula do aluno" };

const BANNER_ID = "bloqueio-inadimplencia";

async function loadDetail(alunoId: string): Promise<AlunoDetail> {
  const ctx = await requirePage("rematricula");
  // A malformed id and a student of another school look the same: not found.
  if (!z.uuid().safeParse(alunoId).success) notFound();
  try {
    return await getAlunoDetail(ctx.session, alunoId);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="font-medium">{value || "—"}</dd>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded border border-slate-200 bg-white p-4">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      <dl className="grid gap-3 sm:grid-cols-2">{children}</dl>
    </section>
  );
}

function Action({ d }: { d: AlunoDetail }) {
  if (d.rematricula) {
    return (
      <section className="rounded border border-green-300 bg-green-50 p-4 text-green-950">
        <h2 className="text-lg font-semibold">Rematrícula concluída</h2>
        <p>
          Rematrícula para {d.rematricula.anoLetivo}
          {d.rematricula.serieDestino && ` (${d.rematricula.serieDestino})`} concluída em{" "}
          <time dateTime={d.rematricula.finalizedAt}>{formatDateTime(d.rematricula.finalizedAt)}</time>.
        </p>
      </section>
    );
  }
  if (d.check.isInadimplente) {
    // Rendered disabled rather than hidden, so staff see what is blocked and why.
    return (
      <button type="button" disabled aria-disabled="true" aria-describedby={BANNER_ID}
        className="cursor-not-allowed rounded bg-slate-300 px-4 py-2 font-medium text-slate-700">
        Finalizar rematrícula
      </button>
    );
  }
  return <FinalizeForm alunoId={d.aluno.id} />;
}

export default async function AlunoRematriculaPage({ params }: { params: Promise<{ alunoId: string }> }) {
  const d = await loadDetail((await params).alunoId);
  const blocked = d.check.isInadimplente && !d.rematricula;
  const { turmaAtual: atual, turmaProposta: proposta } = d;
  return (
    <div className="space-y-4">
      {blocked && (
        <p id={BANNER_ID} role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 font-medium text-red-900">
          {d.bannerMessage}
        </p>
      )}
      <Link href="/rematricula" className="text-sm text-blue-800 underline">Voltar</Link>
      <h1 className="text-2xl font-semibold">{d.aluno.nome}</h1>
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Aluno">
          <Field label="Nome" value={d.aluno.nome} />
          <Field label="Data de nascimento" value={formatDate(d.aluno.dataNascimento)} />
          <Field label="Situação cadastral" value={statusLabel(d.aluno.status)} />
        </Card>
        <Card title="Responsável">
          <Field label="Nome" value={d.responsavel.nome} />
          <Field label="Telefone" value={d.responsavel.telefone} />
        </Card>
        <Card title="Turma atual">
          <Field label="Ano letivo" value={atual.anoLetivo} />
          <Field label="Unidade" value={atual.unidade} />
          <Field label="Série" value={atual.serie} />
          <Field label="Turma" value={atual.turma} />
        </Card>
        <Card title="Turma proposta">
          <Field label="Ano letivo" value={proposta.anoLetivo} />
          <Field label="Série" value={proposta.serie ?? "A definir pela secretaria"} />
        </Card>
      </div>
      <Action d={d} />
    </div>
  );
}

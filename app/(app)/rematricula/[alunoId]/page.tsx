import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePage } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";
import { statusLabel, unavailableReason } from "@/lib/rematricula/situacao-label";
import { getAlunoDetail, type AlunoDetail, type RematriculaDone } from "@/lib/rematricula/students";
import { CampaignYear } from "../_components/campaign-year";
import { formatDate, formatDateTime } from "../_components/format";
import { formatUntil } from "../_components/format-until";
import { CancelForm } from "./cancel-form";
import { FinalizeForm } from "./finalize-form";

export const metadata: Metadata = { title: "Rematrícula do aluno" };

const BANNER_ID = "bloqueio-inadimplencia";

async function loadDetail(alunoId: string): Promise<{ d: AlunoDetail; canCancel: boolean }> {
  const ctx = await requirePage("rematricula");
  const canCancel = can(ctx.roles, "rematricula.cancel");
  // A malformed id and a student of another school look the same: not found.
  if (!z.uuid().safeParse(alunoId).success) notFound();
  try {
    return { d: await getAlunoDetail(ctx.session, alunoId), canCancel };
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

function Cancelamento({ c, reopened }: { c: NonNullable<RematriculaDone["cancelamento"]>; reopened: boolean }) {
  return (
    <section className="rounded border border-slate-300 bg-slate-50 p-4 text-slate-900">
      <h2 className="text-lg font-semibold">{reopened ? "Cancelamento anterior" : "Rematrícula cancelada"}</h2>
      <p>
        Cancelada em <time dateTime={c.at}>{formatDateTime(c.at)}</time>{c.por && ` por ${c.por}`}.
      </p>
      <p className="break-words">Motivo: {c.motivo}</p>
      {!reopened && <p className="text-sm text-slate-700">O aluno voltou a ficar pendente e pode ser rematriculado de novo.</p>}
    </section>
  );
}

function Action({ d, canCancel }: { d: AlunoDetail; canCancel: boolean }) {
  const r = d.rematricula;
  if (r?.status === "concluida") {
    return (
      <>
        <section className="rounded border border-green-300 bg-green-50 p-4 text-green-950">
          <h2 className="text-lg font-semibold">Rematrícula concluída</h2>
          <p>
            Rematrícula para {r.anoLetivo}
            {r.serieDestino && ` (${r.serieDestino})`} concluída em{" "}
            <time dateTime={r.finalizedAt}>{formatDateTime(r.finalizedAt)}</time>.
          </p>
        </section>
        {r.cancelamento && <Cancelamento c={r.cancelamento} reopened />}
        {canCancel && <CancelForm alunoId={d.aluno.id} />}
      </>
    );
  }
  const cancelled = r?.cancelamento && <Cancelamento c={r.cancelamento} reopened={false} />;
  if (d.aluno.status !== "ativo") {
    return (
      <>
        {cancelled}
        <p className="rounded border border-amber-300 bg-amber-50 px-4 py-3 font-medium text-amber-950" data-testid="indisponivel">
          {unavailableReason(d.aluno.status)}
        </p>
      </>
    );
  }
  if (d.check.isInadimplente) {
    // Rendered disabled rather than hidden, so staff see what is blocked and why.
    return (
      <>
        {cancelled}
        <button type="button" disabled aria-disabled="true" aria-describedby={BANNER_ID}
          className="cursor-not-allowed rounded bg-slate-300 px-4 py-2 font-medium text-slate-700">
          Finalizar rematrícula
        </button>
      </>
    );
  }
  return (
    <>
      {cancelled}
      <FinalizeForm alunoId={d.aluno.id} />
    </>
  );
}

export default async function AlunoRematriculaPage({ params }: { params: Promise<{ alunoId: string }> }) {
  const { d, canCancel } = await loadDetail((await params).alunoId);
  const blocked = d.check.isInadimplente && d.rematricula?.status !== "concluida" && d.aluno.status === "ativo";
  const { turmaAtual: atual, turmaProposta: proposta } = d;
  return (
    <div className="space-y-4">
      {blocked && (
        <p id={BANNER_ID} role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 font-medium text-red-900">
          {d.bannerMessage}
        </p>
      )}
      {d.liberadoAte && d.rematricula?.status !== "concluida" && (
        <p className="rounded border border-green-300 bg-green-50 px-4 py-3 text-green-950" data-testid="liberado-ate">
          Liberado pela Tesouraria até <strong>{formatUntil(d.liberadoAte)}</strong>: a rematrícula pode ser feita até lá.
          Depois, se o aluno continuar na lista de inadimplentes, volta a ser bloqueada.
        </p>
      )}
      <Link href="/rematricula" className="text-sm text-blue-800 underline">Voltar</Link>
      <h1 className="text-2xl font-semibold">{d.aluno.nome}</h1>
      <CampaignYear anoLetivo={proposta.anoLetivo - 1} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Aluno">
          <Field label="Nome" value={d.aluno.nome} />
          <Field label="Matrícula" value={d.aluno.matricula} />
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
      <Action d={d} canCancel={canCancel} />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getInadimplente, type InadimplenteDetail } from "@/lib/inadimplencia/admin";
import { getHistory } from "@/lib/inadimplencia/history";
import { searchAlunos } from "@/lib/inadimplencia/liberacoes";
import { studentsMatchedBy } from "@/lib/inadimplencia/link";
import { listEscolas } from "@/lib/inadimplencia/list";
import { DeleteDialog } from "../_components/delete-dialog";
import { formatDateTime } from "../_components/format";
import { HistoryList } from "../_components/history-list";
import { InadimplenteForm } from "../_components/inadimplente-form";
import { LinkSection } from "../_components/link-section";
import { RestoreForm } from "../_components/restore-form";

export const metadata: Metadata = { title: "Registro de inadimplência" };

const SAVED: Record<string, string> = {
  novo: "Registro criado.",
  existente: "Já havia um registro ativo para este aluno, responsável e escola: ele foi atualizado.",
};

async function load(session: Parameters<typeof getInadimplente>[0], id: string): Promise<InadimplenteDetail> {
  try {
    return await getInadimplente(session, id);
  } catch (e) {
    // A malformed id and another school's row look the same: not found.
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

export default async function InadimplentePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage("inadimplentes.read");
  const { id } = await params;
  const row = await load(ctx.session, id);
  const sp = await searchParams;
  const saved = sp.salvo;
  // A repeated ?busca= keeps its first value; NUL and overlong input are cut in lib/.
  const busca = (Array.isArray(sp.busca) ? sp.busca[0] : sp.busca ?? "").slice(0, 100);
  const writer = can(ctx.roles, "inadimplentes.write");
  const [history, escolas, matched, results] = await Promise.all([
    getHistory(ctx.session, id), listEscolas(ctx.session), studentsMatchedBy(ctx.session, id),
    writer && busca.trim() ? searchAlunos(ctx.session, busca) : Promise.resolve([]),
  ]);
  return (
    <section className="space-y-6">
      <Link href="/admin/inadimplentes" className="text-sm text-blue-800 underline">← Voltar à lista</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{row.studentName}</h1>
        <span className={`rounded px-2 py-0.5 text-sm font-medium ${
          row.isActive ? "bg-red-100 text-red-900" : "bg-slate-200 text-slate-800"}`}>
          {row.isActive ? "Ativo" : "Inativo"}
        </span>
      </div>
      {typeof saved === "string" && SAVED[saved] && (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-4 py-3 text-sm font-medium text-green-900">
          {SAVED[saved]}
        </p>
      )}
      <p className="text-sm text-slate-700">
        Atualizado em {formatDateTime(row.updatedAt)} por {row.updatedBy ?? "—"}
        {row.source && <> · origem: {row.source}</>}
      </p>
      {writer && (
        <InadimplenteForm id={row.id} escolas={escolas} initial={{
          studentName: row.studentName, guardian1Name: row.guardian1Name ?? "", studentEscola: row.studentEscola ?? "",
          codigoInadim: row.codigoInadim ?? "", mesesInadim: row.mesesInadim == null ? "" : String(row.mesesInadim),
        }} />
      )}
      <section aria-labelledby="situacao-titulo" className="space-y-2 rounded border border-slate-200 bg-white p-4">
        <h2 id="situacao-titulo" className="text-lg font-semibold">Situação na lista</h2>
        {row.isActive ? (
          <p className="text-sm">Este registro está ativo: bloqueia a rematrícula do aluno.</p>
        ) : (
          <p className="text-sm">
            Excluído em {formatDateTime(row.deletedAt)} por {row.deletedBy ?? "—"}. Motivo: {row.deletedReason ?? "—"}
          </p>
        )}
        {writer && (row.isActive
          ? <DeleteDialog key={`d-${row.updatedAt}`} id={row.id} studentName={row.studentName} />
          : <RestoreForm key={`r-${row.updatedAt}`} id={row.id} />)}
      </section>
      <LinkSection row={row} matched={matched} busca={busca} results={results} writer={writer} />
      <section aria-labelledby="historico-titulo" className="space-y-3">
        <h2 id="historico-titulo" className="text-lg font-semibold">Histórico</h2>
        <HistoryList entries={history} />
      </section>
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getBatch } from "@/lib/inadimplencia/import/batches";
import type { LineIssue } from "@/lib/inadimplencia/import/types";
import { COUNT_LABELS, MODE_LABEL, formatWhen } from "../_components/format";
import { UndoForm } from "@/app/(app)/_components/import/undo-form";
import { undoAction } from "./actions";

export const metadata: Metadata = { title: "Importação" };

async function loadBatch(session: Parameters<typeof getBatch>[0], id: string) {
  // A malformed id, or one of another school (hidden by RLS), is simply not found.
  try {
    return await getBatch(session, id);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

function Issues({ title, items }: { title: string; items: LineIssue[] }) {
  if (items.length === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      <ul tabIndex={0} aria-label={title} className="max-h-80 overflow-y-auto rounded border border-slate-200 bg-white text-sm">
        {items.map((i, n) => <li key={n} className="border-t border-slate-100 px-3 py-1.5 first:border-0">Linha {i.line}: {i.reason}</li>)}
      </ul>
    </section>
  );
}

export default async function ImportacaoPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("inadimplentes.read");
  const batch = await loadBatch(ctx.session, (await params).id);
  const hasIssues = batch.counts.invalid + batch.counts.warnings > 0;
  return (
    <section>
      <p className="mb-2 text-sm"><Link href="/admin/inadimplentes/importacoes" className="text-blue-800 underline">Importações</Link></p>
      <h1 className="mb-1 text-2xl font-semibold break-all">Importação de {batch.fileName}</h1>
      <p className="mb-4 text-sm text-slate-700">
        {formatWhen(batch.createdAt)} por {batch.authorName ?? "—"} · {MODE_LABEL[batch.mode]} ·{" "}
        {(batch.sizeBytes / 1024).toLocaleString("pt-BR", { maximumFractionDigits: 1 })} KB
      </p>
      {batch.undoneAt && (
        <p role="status" className="mb-4 rounded border border-slate-300 bg-slate-50 px-4 py-3 text-sm">
          Esta importação foi desfeita em {formatWhen(batch.undoneAt)}.
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-6">
        {COUNT_LABELS.map(([key, label]) => (
          <div key={key} className="rounded border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">{label}</dt>
            <dd className="text-2xl font-semibold">{batch.counts[key]}</dd>
          </div>
        ))}
      </dl>
      {hasIssues && (
        <p className="mt-4">
          <a href={`/api/import/batches/${batch.id}/errors`} className="text-blue-800 underline" download>Baixar erros (CSV)</a>
        </p>
      )}
      <Issues title="Linhas inválidas" items={batch.invalid} />
      <Issues title="Avisos" items={batch.warnings} />
      {batch.issuesTruncated && <p className="mt-2 text-sm text-slate-700">A lista acima está resumida; o CSV de erros traz o que foi guardado.</p>}
      {can(ctx.roles, "inadimplentes.write") && (
        <div className="mt-8"><UndoForm undo={undoAction} batchId={batch.id} fileName={batch.fileName} undone={!!batch.undoneAt}
          effect="Os registros que ela incluiu saem da lista e os que ela alterou ou desativou voltam ao estado anterior." /></div>
      )}
    </section>
  );
}

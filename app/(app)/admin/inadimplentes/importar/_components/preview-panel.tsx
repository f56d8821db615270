"use client";

import { useState } from "react";
import type { PreviewSuccess } from "@/lib/inadimplencia/import/types";
import { PreviewTable } from "./preview-table";
import { IssueList } from "@/app/(app)/_components/import/issue-list";
import { DeactivationList, PreviewCountsView } from "./preview-summary";
import { EffectView } from "./effect-view";

/** The dry run's result and the confirmation; replacing the list asks twice, since it unblocks people. */
export function PreviewPanel({ preview, busy, onConfirm, onRemap, onChoices }: {
  preview: PreviewSuccess;
  busy: boolean;
  onConfirm: () => void;
  /** Previews again with these students chosen (file line → student id); the commit applies the same. */
  onChoices: (choices: Record<number, string>) => void;
  /** Back to the mapping step, starting from the columns this preview used. */
  onRemap: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const replace = preview.mode === "replace";
  function choose(line: number, alunoId: string | null) {
    const choices: Record<number, string> = {};
    for (const r of preview.rows) if (r.chosen) choices[r.line] = r.chosen;
    if (alunoId) choices[line] = alunoId;
    else delete choices[line];
    onChoices(choices);
  }
  return (
    <section aria-labelledby="previa-titulo" className="mt-6">
      <h2 id="previa-titulo" className="mb-1 text-xl font-semibold">Pré-visualização de {preview.fileName}</h2>
      <p className="mb-3 text-sm text-slate-700">
        Nada foi gravado ainda. {replace ? "Modo: substituir a lista." : "Modo: adicionar/atualizar."}
      </p>
      <PreviewCountsView counts={preview.counts} unmatched={preview.effect.unmatchedRows} />
      <EffectView effect={preview.effect} replace={replace} tense="preview" />
      <div className="mt-4 flex flex-wrap items-center gap-3">
        {!replace || !confirming ? (
          <button type="button" disabled={busy} onClick={() => (replace ? setConfirming(true) : onConfirm())}
            className="rounded bg-green-700 px-4 py-2 font-medium text-white hover:bg-green-800 disabled:bg-slate-400">
            Confirmar importação
          </button>
        ) : (
          <div role="group" aria-label="Confirmar substituição" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            <p className="mb-2">
              A lista será substituída pelo arquivo: {preview.counts.toDeactivate} registro(s) ativo(s) que não estão nele serão desativados,
              e {preview.effect.unblocks} aluno(s) deixarão de ser bloqueados.
              {preview.counts.invalid > 0 && " Quem aparece numa linha inválida continua na lista como está hoje."}
            </p>
            <div className="flex gap-3">
              <button type="button" disabled={busy} onClick={onConfirm}
                className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-400">
                Substituir a lista
              </button>
              <button type="button" disabled={busy} onClick={() => setConfirming(false)}
                className="rounded border border-slate-300 bg-white px-4 py-2 text-slate-900 hover:bg-slate-100">Cancelar</button>
            </div>
          </div>
        )}
        <button type="button" disabled={busy} onClick={onRemap}
          className="rounded border border-slate-300 bg-white px-4 py-2 text-slate-900 hover:bg-slate-100 disabled:text-slate-400">
          Alterar as colunas
        </button>
      </div>
      <DeactivationList rows={preview.toDeactivate} total={preview.counts.toDeactivate} truncated={preview.toDeactivateTruncated} />
      <IssueList title="Avisos" items={preview.warnings} />
      {/* Kept across the previews a choice re-runs (same file, same columns), with its page and the suggestions it asked for. */}
      <PreviewTable key={`${preview.sha256}:${JSON.stringify(preview.mapping)}`} rows={preview.rows} invalid={preview.invalid} truncated={preview.rowsTruncated} busy={busy} onChoose={choose} />
    </section>
  );
}

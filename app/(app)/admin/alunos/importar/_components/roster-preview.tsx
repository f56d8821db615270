"use client";

import { useState } from "react";
import type { PreviewControls } from "@/app/(app)/_components/import/import-wizard";
import { CountGrid, IssueList } from "@/app/(app)/_components/import/issue-list";
import type { RosterPreview, RosterPreviewRow } from "@/lib/people/roster/types";
import { COLUMN_LABELS, shown } from "./labels";

type Ambiguous = Extract<RosterPreviewRow, { kind: "ambiguous" }>;

/** The roster's dry run: counts, the rows to decide, what changes, and the confirmation. */
export function RosterPreviewPanel({ preview, controls }: { preview: RosterPreview; controls: PreviewControls }) {
  const [confirming, setConfirming] = useState(false);
  const full = preview.mode === "replace";
  const { counts } = preview;
  const ambiguous = preview.rows.filter((r): r is Ambiguous => r.kind === "ambiguous");
  return (
    <section aria-labelledby="previa-titulo" className="mt-6">
      <h2 id="previa-titulo" className="mb-1 text-xl font-semibold">Pré-visualização de {preview.fileName}</h2>
      <p className="mb-3 text-sm text-slate-700">Nada foi gravado ainda. Modo: {full ? "roster completo" : "adicionar/atualizar"}.</p>
      <CountGrid items={[
        ["new", "Novos", counts.new], ["updated", "Atualizados", counts.updated], ["unchanged", "Sem alteração", counts.unchanged],
        ["ambiguous", "Ambíguos", counts.ambiguous], ["toDeactivate", "A inativar", counts.toDeactivate],
        ["invalid", "Inválidos", counts.invalid], ["warnings", "Avisos", counts.warnings],
      ]} />
      {ambiguous.length > 0 && <AmbiguousRows rows={ambiguous} busy={controls.busy} onAnswer={controls.answer} />}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        {!full || !confirming ? (
          <button type="button" disabled={controls.busy} onClick={() => (full ? setConfirming(true) : controls.confirm())}
            className="rounded bg-green-700 px-4 py-2 font-medium text-white hover:bg-green-800 disabled:bg-slate-400">
            Confirmar importação
          </button>
        ) : (
          <div role="group" aria-label="Confirmar roster completo" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            <p className="mb-2">
              {counts.toDeactivate} aluno(s) ativo(s) que não estão no arquivo passarão a inativos.
              {counts.invalid + counts.ambiguous > 0 && " Quem aparece numa linha inválida ou ambígua fica como está."}
            </p>
            <div className="flex gap-3">
              <button type="button" disabled={controls.busy} onClick={controls.confirm}
                className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:bg-slate-400">
                Importar roster completo
              </button>
              <button type="button" disabled={controls.busy} onClick={() => setConfirming(false)}
                className="rounded border border-slate-300 bg-white px-4 py-2 text-slate-900 hover:bg-slate-100">Cancelar</button>
            </div>
          </div>
        )}
        <button type="button" disabled={controls.busy} onClick={controls.remap}
          className="rounded border border-slate-300 bg-white px-4 py-2 text-slate-900 hover:bg-slate-100 disabled:text-slate-400">
          Alterar as colunas
        </button>
      </div>
      {preview.toDeactivate.length > 0 && (
        <section className="mt-6">
          <h2 className="mb-2 text-lg font-semibold">Passarão a inativos ({counts.toDeactivate})</h2>
          <ul tabIndex={0} aria-label="Alunos que passarão a inativos" className="max-h-60 overflow-y-auto rounded border border-slate-200 bg-white text-sm">
            {preview.toDeactivate.map((s) => (
              <li key={s.id} className="border-t border-slate-100 px-3 py-1.5 first:border-0">
                {s.matricula ? `${s.matricula} — ` : ""}{s.nome}{s.serie ? ` (${s.serie}${s.turma ? ` ${s.turma}` : ""})` : ""}
              </li>
            ))}
          </ul>
          {preview.toDeactivateTruncated && <p className="mt-2 text-sm text-slate-700">Mostrando os primeiros {preview.toDeactivate.length}.</p>}
        </section>
      )}
      <IssueList title="Linhas inválidas" items={preview.invalid} />
      <IssueList title="Avisos" items={preview.warnings} />
      <RowsTable rows={preview.rows.filter((r) => r.kind !== "ambiguous")} truncated={preview.rowsTruncated} />
    </section>
  );
}

/** Each ambiguous row asks which student it is; the answers go back to the preview. */
function AmbiguousRows({ rows, busy, onAnswer }: { rows: Ambiguous[]; busy: boolean; onAnswer: (extra: Record<string, string>) => void }) {
  const [answers, setAnswers] = useState<Record<number, string>>({});
  return (
    <form className="mt-6 space-y-3 rounded border border-amber-300 bg-amber-50 p-4" aria-labelledby="ambiguos-titulo"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== ""));
        onAnswer({ confirmations: JSON.stringify(chosen) });
      }}>
      <h2 id="ambiguos-titulo" className="text-lg font-semibold">Linhas ambíguas ({rows.length})</h2>
      <p className="text-sm">
        O nome destas linhas é o de alunos já cadastrados sem matrícula, CPF ou data de nascimento que os distinga. Elas só são
        importadas depois que você indicar quem é cada uma.
      </p>
      {rows.map((r) => (
        <div key={r.line}>
          <label htmlFor={`amb-${r.line}`} className="block text-sm font-medium">Linha {r.line}: {r.nome}</label>
          <select id={`amb-${r.line}`} value={answers[r.line] ?? ""} onChange={(e) => setAnswers({ ...answers, [r.line]: e.target.value })}
            className="mt-1 w-full max-w-xl rounded border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="">— decidir depois (não importar) —</option>
            {r.candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.nome}{c.matricula ? `, matrícula ${c.matricula}` : ", sem matrícula"}{c.serie ? `, ${c.serie}` : ""}
                {c.dataNascimento ? `, nasc. ${shown(c.dataNascimento)}` : ""}
              </option>
            ))}
            <option value="new">É outro aluno: cadastrar como novo</option>
          </select>
        </div>
      ))}
      <button type="submit" disabled={busy} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:bg-slate-400">
        Aplicar respostas e pré-visualizar de novo
      </button>
    </form>
  );
}

const KIND_LABEL = { new: "Novo", updated: "Atualizado", unchanged: "Sem alteração" } as const;

function RowsTable({ rows, truncated }: { rows: Exclude<RosterPreviewRow, Ambiguous>[]; truncated: boolean }) {
  if (rows.length === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="mb-2 text-lg font-semibold">Linhas do arquivo</h2>
      <div tabIndex={0} className="max-h-[32rem] overflow-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">O que cada linha fará</caption>
          <thead className="sticky top-0 bg-slate-100">
            <tr>{["Linha", "Resultado", "Matrícula", "Aluno", "O que muda"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2">{r.line}</td>
                <td className="px-3 py-2">{KIND_LABEL[r.kind]}</td>
                <td className="px-3 py-2">{(r.kind === "new" ? r.matricula : r.student.matricula) ?? "—"}</td>
                <td className="px-3 py-2">{r.kind === "new" ? r.nome : r.student.nome}</td>
                <td className="px-3 py-2">
                  {r.kind === "updated" ? (
                    <ul>{r.changes.map((c) => <li key={c.field}>{COLUMN_LABELS[c.field]}: {shown(c.before)} → {shown(c.after)}</li>)}</ul>
                  ) : r.kind === "new" ? [r.serie, r.turma].filter(Boolean).join(" ") || "—" : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {truncated && <p className="mt-2 text-sm text-slate-700">Mostrando as primeiras {rows.length.toLocaleString("pt-BR")} linhas.</p>}
    </section>
  );
}

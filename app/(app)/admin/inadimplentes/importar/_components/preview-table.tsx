"use client";

import { useState } from "react";
import type { LineIssue, PreviewRow, RowMatch } from "@/lib/inadimplencia/import/types";

type Filter = "all" | "none" | "many" | "new" | "updated" | "invalid";

const FILTERS: [Filter, string][] = [
  ["all", "Todos"],
  ["none", "Sem correspondência"],
  ["many", "Homônimos"],
  ["new", "Novos"],
  ["updated", "Atualizados"],
  ["invalid", "Inválidos"],
];

const ACTION_LABEL: Record<PreviewRow["action"], string> = { new: "Novo", updated: "Atualizado", unchanged: "Sem alteração" };

const KEEP: Record<Exclude<Filter, "invalid">, (r: PreviewRow) => boolean> = {
  all: () => true,
  none: (r) => r.match.kind === "none",
  many: (r) => r.match.kind === "many",
  new: (r) => r.action === "new",
  updated: (r) => r.action === "updated",
};

function MatchCell({ match }: { match: RowMatch }) {
  if (match.kind === "one") return <span>1 aluno</span>;
  if (match.kind === "many") return <span className="font-medium text-amber-900">{match.count} alunos (homônimos)</span>;
  return (
    <span>
      <span className="font-medium text-red-800">Nenhum aluno</span>
      {match.suggestions.length > 0 && (
        <span className="block text-xs text-slate-700">Parecidos: {match.suggestions.join("; ")}</span>
      )}
    </span>
  );
}

/** The file's rows, problem rows first (the server sorts them), with a filter so finance checks those before committing. */
export function PreviewTable({ rows, invalid, truncated }: { rows: PreviewRow[]; invalid: LineIssue[]; truncated: boolean }) {
  const [filter, setFilter] = useState<Filter>("all");
  const shown = filter === "invalid" ? [] : rows.filter(KEEP[filter]);
  return (
    <section aria-labelledby="linhas-titulo" className="mt-6">
      <h2 id="linhas-titulo" className="mb-2 text-lg font-semibold">Linhas do arquivo</h2>
      <div className="mb-3">
        <label htmlFor="filtro-linhas" className="mr-2 text-sm font-medium">Mostrar</label>
        <select id="filtro-linhas" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}
          className="rounded border border-slate-300 px-3 py-1.5 text-sm">
          {FILTERS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      </div>
      {filter === "invalid" ? (
        <table className="w-full rounded border border-slate-200 bg-white text-left text-sm">
          <caption className="sr-only">Linhas inválidas</caption>
          <thead className="bg-slate-100"><tr><th scope="col" className="px-3 py-2">Linha</th><th scope="col" className="px-3 py-2">Motivo</th></tr></thead>
          <tbody>
            {invalid.map((i, n) => <tr key={n} className="border-t border-slate-100"><td className="px-3 py-2">{i.line}</td><td className="px-3 py-2">{i.reason}</td></tr>)}
            {invalid.length === 0 && <tr><td colSpan={2} className="px-3 py-4 text-center text-slate-700">Nenhuma linha inválida.</td></tr>}
          </tbody>
        </table>
      ) : (
        <div tabIndex={0} role="region" aria-label="Tabela de linhas (rolável)" className="max-h-[32rem] overflow-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Linhas do arquivo e a correspondência com os alunos</caption>
            <thead className="sticky top-0 bg-slate-100">
              <tr>
                {["Linha", "Código", "Aluno", "Responsável", "Escola", "Meses", "O que muda", "Alunos da escola"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.line} className="border-t border-slate-100">
                  <td className="px-3 py-2">{r.line}</td>
                  <td className="px-3 py-2">{r.codigoInadim ?? "—"}</td>
                  <td className="px-3 py-2">{r.studentName}</td>
                  <td className="px-3 py-2">{r.guardian1Name ?? "—"}</td>
                  <td className="px-3 py-2">{r.studentEscola ?? "—"}</td>
                  <td className="px-3 py-2">{r.mesesInadim ?? "—"}</td>
                  <td className="px-3 py-2">{ACTION_LABEL[r.action]}</td>
                  <td className="px-3 py-2"><MatchCell match={r.match} /></td>
                </tr>
              ))}
              {shown.length === 0 && <tr><td colSpan={8} className="px-3 py-4 text-center text-slate-700">Nenhuma linha neste filtro.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {truncated && <p className="mt-2 text-sm text-slate-700">Mostrando as primeiras {rows.length.toLocaleString("pt-BR")} linhas; os totais acima contam o arquivo inteiro.</p>}
    </section>
  );
}

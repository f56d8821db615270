"use client";

import { useState } from "react";
import { PREVIEW_PAGE_SIZE, type LineIssue, type PreviewRow } from "@/lib/inadimplencia/import/types";
import type { AlunoRef } from "@/lib/inadimplencia/link";
import { suggestionsAction } from "../actions";

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

function MatchCell({ row, suggestions, busy, onChoose }: {
  row: PreviewRow;
  /** The row's suggestions when it matches no student: from the preview, or asked by its page (undefined while asked). */
  suggestions: AlunoRef[] | undefined;
  busy: boolean;
  onChoose: (line: number, alunoId: string | null) => void;
}) {
  const { match } = row;
  if (match.kind === "one") return <span>1 aluno</span>;
  const options = match.kind === "many" ? match.candidates : suggestions;
  return (
    <span>
      {match.kind === "many"
        ? <span className="font-medium text-amber-900">{match.count} alunos (homônimos)</span>
        : <span className="font-medium text-red-800">Nenhum aluno</span>}
      {options === undefined && <span className="block text-xs text-slate-700">Procurando alunos parecidos…</span>}
      {options !== undefined && options.length > 0 && (
        <StudentChoice row={row} options={options} busy={busy} onChoose={onChoose} />
      )}
      <span className="block text-xs text-slate-700" data-blocks={row.line}>{blocksText(row)}</span>
    </span>
  );
}

// What the row will do as it stands, by the check's rule: said on the row, so
// leaving a homonym unchosen is a decision made knowingly.
function blocksText(row: PreviewRow): string {
  if (row.chosen) return "Bloqueará só o aluno escolhido.";
  if (row.blocks === 0) return "Não bloqueará ninguém.";
  if (row.match.kind === "many") return `Sem escolha, bloqueará ${row.blocks} ${row.blocks === 1 ? "aluno" : "alunos"} com este nome.`;
  return `Bloqueará ${row.blocks} ${row.blocks === 1 ? "aluno" : "alunos"}.`;
}

const studentLabel = (a: AlunoRef) =>
  [a.nome, a.matricula && `matrícula ${a.matricula}`, a.serie, a.turma && `turma ${a.turma}`, a.unidade, a.status !== "ativo" && a.status].filter(Boolean).join(" — ");

/** Finance's choice of the row's student among the homonyms or the similar names; the preview is redone with it. */
function StudentChoice({ row, options, busy, onChoose }: {
  row: PreviewRow; options: AlunoRef[]; busy: boolean; onChoose: (line: number, alunoId: string | null) => void;
}) {
  const id = `aluno-linha-${row.line}`;
  return (
    <span className="mt-1 block">
      <label htmlFor={id} className="block text-xs font-medium">
        {row.match.kind === "many" ? "Qual destes alunos?" : "Parecidos: é um destes alunos?"}
      </label>
      <select id={id} value={row.chosen ?? ""} disabled={busy} aria-label={`Aluno da linha ${row.line}`}
        onChange={(e) => onChoose(row.line, e.target.value || null)}
        className="mt-0.5 max-w-xs rounded border border-slate-300 px-2 py-1 text-xs">
        <option value="">Deixar sem vínculo</option>
        {options.map((a) => <option key={a.id} value={a.id}>{studentLabel(a)}</option>)}
      </select>
    </span>
  );
}

const filtered = (rows: PreviewRow[], filter: Filter) => (filter === "invalid" ? [] : rows.filter(KEEP[filter]));

/**
 * The file's rows, problem rows first (the server sorts them), with a filter so
 * finance checks those before committing, a page at a time. The preview brings
 * the suggestions of its first page only; another page asks for its unmatched
 * rows' suggestions when it is opened, and they are kept here for the file (a
 * choice re-runs the preview, which keeps this table and what it asked).
 */
export function PreviewTable({ rows, invalid, truncated, busy, onChoose }: {
  rows: PreviewRow[]; invalid: LineIssue[]; truncated: boolean; busy: boolean;
  /** A student chosen (or the choice undone, null) for a row of homonyms or of no match. */
  onChoose: (line: number, alunoId: string | null) => void;
}) {
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(0);
  const [asked, setAsked] = useState<Record<number, AlunoRef[]>>({});
  const [askError, setAskError] = useState<string | null>(null);
  const shown = filtered(rows, filter);
  const pages = Math.max(1, Math.ceil(shown.length / PREVIEW_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const pageRows = shown.slice(current * PREVIEW_PAGE_SIZE, (current + 1) * PREVIEW_PAGE_SIZE);
  const suggestionsOf = (r: PreviewRow) => (r.match.kind === "none" ? r.match.suggestions ?? asked[r.line] : undefined);

  /** Opens a page of a filter, asking for the suggestions its unmatched rows do not have yet. */
  async function open(nextFilter: Filter, nextPage: number) {
    setFilter(nextFilter);
    setPage(nextPage);
    setAskError(null);
    const missing = filtered(rows, nextFilter)
      .slice(nextPage * PREVIEW_PAGE_SIZE, (nextPage + 1) * PREVIEW_PAGE_SIZE)
      .filter((r) => r.match.kind === "none" && r.match.suggestions === null && !(r.line in asked));
    if (missing.length === 0) return;
    const answer = await suggestionsAction(missing.map((r) => ({ line: r.line, name: r.studentName })))
      .catch(() => ({ status: "error" as const, message: "Não foi possível buscar os alunos parecidos agora. Tente novamente em instantes." }));
    if (answer.status === "success") setAsked((before) => ({ ...before, ...answer.suggestions }));
    else setAskError(answer.message);
  }

  return (
    <section aria-labelledby="linhas-titulo" className="mt-6">
      <h2 id="linhas-titulo" className="mb-2 text-lg font-semibold">Linhas do arquivo</h2>
      <div className="mb-3">
        <label htmlFor="filtro-linhas" className="mr-2 text-sm font-medium">Mostrar</label>
        <select id="filtro-linhas" value={filter} onChange={(e) => void open(e.target.value as Filter, 0)}
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
                {["Linha", "Código", "Aluno", "Responsável", "Unidade", "Meses", "O que muda", "Alunos da escola"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pageRows.map((r) => (
                <tr key={r.line} className="border-t border-slate-100">
                  <td className="px-3 py-2">{r.line}</td>
                  <td className="px-3 py-2">{r.codigoInadim ?? "—"}</td>
                  <td className="px-3 py-2">{r.studentName}</td>
                  <td className="px-3 py-2">{r.guardian1Name ?? "—"}</td>
                  <td className="px-3 py-2">{r.studentEscola ?? "—"}</td>
                  <td className="px-3 py-2">{r.mesesInadim ?? "—"}</td>
                  <td className="px-3 py-2">{ACTION_LABEL[r.action]}</td>
                  <td className="px-3 py-2"><MatchCell row={r} suggestions={suggestionsOf(r)} busy={busy} onChoose={onChoose} /></td>
                </tr>
              ))}
              {shown.length === 0 && <tr><td colSpan={8} className="px-3 py-4 text-center text-slate-700">Nenhuma linha neste filtro.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {askError && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {askError}{" "}
          <button type="button" onClick={() => void open(filter, current)} className="underline">Buscar de novo</button>
        </p>
      )}
      {filter !== "invalid" && pages > 1 && (
        <nav aria-label="Páginas das linhas do arquivo" className="mt-2 flex items-center gap-3 text-sm">
          <button type="button" disabled={current === 0} onClick={() => void open(filter, current - 1)}
            className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100 disabled:text-slate-400">
            Página anterior
          </button>
          <span aria-live="polite">
            Página {current + 1} de {pages} ({shown.length.toLocaleString("pt-BR")} linhas)
          </span>
          <button type="button" disabled={current === pages - 1} onClick={() => void open(filter, current + 1)}
            className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100 disabled:text-slate-400">
            Próxima página
          </button>
        </nav>
      )}
      {truncated && <p className="mt-2 text-sm text-slate-700">Mostrando as primeiras {rows.length.toLocaleString("pt-BR")} linhas; os totais acima contam o arquivo inteiro.</p>}
    </section>
  );
}

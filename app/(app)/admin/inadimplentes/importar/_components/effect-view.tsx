import type { ImportEffect } from "@/lib/inadimplencia/import/types";

const alunos = (n: number) => `${n.toLocaleString("pt-BR")} ${n === 1 ? "aluno" : "alunos"}`;

const WORDS = {
  preview: {
    blocks: (n: number) => `${alunos(n)} ${n === 1 ? "será bloqueado" : "serão bloqueados"}`,
    unblocks: (n: number) => `${alunos(n)} ${n === 1 ? "deixará" : "deixarão"} de ser ${n === 1 ? "bloqueado" : "bloqueados"}`,
    unmatched: (n: number) => n === 1
      ? "1 linha não corresponde a nenhum aluno: ninguém será bloqueado por ela"
      : `${n.toLocaleString("pt-BR")} linhas não correspondem a nenhum aluno: ninguém será bloqueado por elas`,
  },
  report: {
    blocks: (n: number) => `${alunos(n)} ${n === 1 ? "bloqueado" : "bloqueados"} por este arquivo`,
    unblocks: (n: number) => `${alunos(n)} ${n === 1 ? "deixou" : "deixaram"} de ser ${n === 1 ? "bloqueado" : "bloqueados"}`,
    unmatched: (n: number) => n === 1
      ? "1 linha não corresponde a nenhum aluno: ninguém é bloqueado por ela"
      : `${n.toLocaleString("pt-BR")} linhas não correspondem a nenhum aluno: ninguém é bloqueado por elas`,
  },
};

/**
 * Who the file blocks and unblocks, counted by the check's own rule, beside
 * the row counts: rows that only look imported but match nobody are said here,
 * not left for finance to find in the table.
 */
export function EffectView({ effect, replace, tense }: { effect: ImportEffect; replace: boolean; tense: "preview" | "report" }) {
  const w = WORDS[tense];
  return (
    <section aria-label="Efeito no bloqueio da rematrícula" className="mt-4 space-y-2">
      <ul className="flex flex-wrap gap-3 text-sm">
        <li className="rounded border border-slate-300 bg-white px-3 py-2 font-semibold" data-effect="blocks">{w.blocks(effect.blocks)}</li>
        {(replace || effect.unblocks > 0) && (
          <li className="rounded border border-slate-300 bg-white px-3 py-2 font-semibold" data-effect="unblocks">{w.unblocks(effect.unblocks)}</li>
        )}
      </ul>
      {effect.unmatchedRows > 0 && (
        <p className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-950" data-effect="unmatched">
          Aviso: {w.unmatched(effect.unmatchedRows)}.
        </p>
      )}
      {!effect.checkEnabled && (
        <p className="rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          A verificação de inadimplência está desligada nesta escola: enquanto estiver, a lista não bloqueia ninguém.
        </p>
      )}
    </section>
  );
}

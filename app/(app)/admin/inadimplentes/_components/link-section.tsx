import { ActionButton } from "@/app/(app)/admin/_components/action-form";
import type { InadimplenteDetail } from "@/lib/inadimplencia/admin";
import type { AlunoOption } from "@/lib/inadimplencia/liberacoes";
import type { AlunoRef } from "@/lib/inadimplencia/link";
import { linkAction, unlinkAction } from "../actions";
import { AlunoLine } from "./aluno-line";
import { BUTTON_SECONDARY, INPUT } from "./format";
import { UNLINK_CONFIRM } from "@/app/(app)/admin/inadimplentes/_components/unlink-confirm";

/**
 * A row's link to one student (issue 16): who it blocks now, and, for finance,
 * a student search to link, change or remove the link. The search is a GET
 * form, so a result list can be bookmarked and the back button works.
 */
export function LinkSection({ row, matched, busca, results, writer }: {
  row: InadimplenteDetail; matched: AlunoRef[]; busca: string; results: AlunoOption[]; writer: boolean;
}) {
  const candidates = row.aluno ? [] : matched;
  return (
    <section id="vinculo" aria-labelledby="vinculo-titulo" className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="vinculo-titulo" className="text-lg font-semibold">Aluno vinculado</h2>
      {row.codigoAluno && <p className="text-sm">Código do aluno informado pelo financeiro: <strong>{row.codigoAluno}</strong></p>}
      {row.aluno ? (
        <div className="space-y-2 text-sm">
          {/* A live region: after a link or an unlink the page re-renders with the new state, and this says it. */}
          <p role="status">Vinculado a <AlunoLine aluno={row.aluno} />.</p>
          <p>Este registro bloqueia somente este aluno, mesmo que outro aluno tenha o mesmo nome ou que o nome mude.</p>
          {writer && <ActionButton action={unlinkAction} fields={{ id: row.id }} label="Remover vínculo"
            confirm={UNLINK_CONFIRM} />}
        </div>
      ) : (
        <div className="space-y-2 text-sm">
          <p role="status">Sem vínculo: este registro vale pelo nome{candidates.length === 0
            ? ", e nenhum aluno da escola corresponde a ele."
            : ` e bloqueia ${candidates.length === 1 ? "1 aluno" : `${candidates.length} alunos`} com este nome:`}</p>
          {candidates.length > 0 && (
            <ul className="space-y-2">
              {candidates.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-3">
                  <AlunoLine aluno={a} />
                  {writer && <ActionButton action={linkAction} fields={{ id: row.id, alunoId: a.id }} label="Vincular" />}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {writer && (
        <>
          <form method="get" action={`/admin/inadimplentes/${row.id}#vinculo`} role="search" className="flex flex-wrap items-end gap-2">
            <div className="min-w-64 flex-1">
              <label htmlFor="busca" className="block text-sm font-medium">
                {row.aluno ? "Trocar o aluno: buscar pelo nome ou matrícula" : "Buscar aluno pelo nome ou matrícula"}
              </label>
              <input id="busca" name="busca" type="search" defaultValue={busca} maxLength={100} className={INPUT} />
            </div>
            <button type="submit" className={BUTTON_SECONDARY}>Buscar aluno</button>
          </form>
          {busca.trim() && (
            <div className="space-y-2">
              <p role="status" className="text-sm text-slate-700">
                {results.length ? `${results.length} aluno(s) encontrado(s)${results.length === 20 ? " (mostrando os 20 primeiros)" : ""}.`
                  : "Nenhum aluno encontrado."}
              </p>
              <ul className="space-y-2 text-sm">
                {results.map((a) => (
                  <li key={a.id} className="flex flex-wrap items-center gap-3">
                    <AlunoLine aluno={a} />
                    {a.id === row.aluno?.id
                      ? <span className="text-slate-700">(vinculado)</span>
                      : <ActionButton action={linkAction} fields={{ id: row.id, alunoId: a.id }} label="Vincular" />}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}

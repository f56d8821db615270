import type { Liberacao } from "@/lib/inadimplencia/liberacoes";
import { formatDateTime } from "../../../rematricula/_components/format";
import { formatUntil } from "../../../rematricula/_components/format-until";
import { RevokeButton } from "./revoke-button";
import { ScrollRegion } from "@/app/_components/scroll-region";

/** One list of exceptions; `canRevoke` only adds the button, the action checks the role itself. */
export function LiberacoesTable({ caption, rows, canRevoke, empty }: {
  caption: string; rows: Liberacao[]; canRevoke: boolean; empty: string;
}) {
  const headers = ["Aluno", "Motivo", "Concedida por", "Válida até", "Revogada por", "Revogada em"];
  return (
    <ScrollRegion label={`Tabela: ${caption}`} className="rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            {headers.map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
            {canRevoke && <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Ações</span></th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2">{l.alunoNome}</td>
              <td className="max-w-xs px-3 py-2 break-words">{l.reason}</td>
              <td className="px-3 py-2">{l.grantedBy ?? "—"}<div className="text-xs text-slate-600">{formatDateTime(l.grantedAt)}</div></td>
              <td className="px-3 py-2 whitespace-nowrap">{formatUntil(l.validUntil)}</td>
              <td className="px-3 py-2">{l.revokedAt ? l.revokedBy ?? "—" : "—"}</td>
              <td className="px-3 py-2 whitespace-nowrap">{l.revokedAt ? formatDateTime(l.revokedAt) : "—"}</td>
              {canRevoke && <td className="px-3 py-2"><RevokeButton id={l.id} alunoNome={l.alunoNome} /></td>}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr><td colSpan={headers.length + (canRevoke ? 1 : 0)} className="px-3 py-6 text-center text-slate-600">{empty}</td></tr>
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

import type { LiberacaoAudit } from "@/lib/inadimplencia/liberacoes";
import { formatDateTime } from "../../../rematricula/_components/format";
import { formatUntil } from "../../../rematricula/_components/format-until";
import { ScrollRegion } from "@/app/_components/scroll-region";

const ACTIONS: Record<string, string> = { grant: "Concessão", revoke: "Revogação", insert: "Inclusão", update: "Alteração" };

/** The trail the database keeps of every grant and revoke (written by trigger, never by the app). */
export function LiberacoesTrail({ rows }: { rows: LiberacaoAudit[] }) {
  return (
    <ScrollRegion label="Histórico de liberações" className="rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Histórico de liberações</caption>
        <thead className="bg-slate-100">
          <tr>
            {["Quando", "Quem", "Ação", "Aluno", "Válida até"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.at}-${i}`} className="border-t border-slate-100">
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(r.at)}</td>
              <td className="px-3 py-2">{r.actorName ?? "Sistema"}</td>
              <td className="px-3 py-2">{ACTIONS[r.action] ?? r.action}</td>
              <td className="px-3 py-2">{r.alunoNome ?? "—"}</td>
              <td className="px-3 py-2 whitespace-nowrap">{r.validUntil ? formatUntil(r.validUntil) : "—"}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr><td colSpan={5} className="px-3 py-6 text-center text-slate-600">Nenhuma liberação registrada.</td></tr>
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

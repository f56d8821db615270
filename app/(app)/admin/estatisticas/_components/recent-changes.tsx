import type { RecentChange } from "@/lib/inadimplencia/stats";
import { formatDateTime } from "../../../rematricula/_components/format";

const ACTIONS: Record<string, string> = {
  insert: "Inclusão", create: "Inclusão", update: "Alteração", edit: "Alteração", soft_delete: "Exclusão",
  restore: "Restauração", import: "Importação", import_undo: "Importação desfeita", undo_import: "Importação desfeita",
};

const FIELDS: Record<string, string> = {
  codigo_inadim: "Código", student_name: "Aluno", guardian1_name: "Responsável", student_escola: "Escola",
  meses_inadim: "Meses", is_active: "Ativo", deleted_reason: "Motivo da exclusão",
};

const show = (v: unknown) => (v === null || v === "" ? "—" : v === true ? "sim" : v === false ? "não" : String(v));

/** The latest changes to the list, from its audit: who, when, what changed. */
export function RecentChanges({ changes }: { changes: RecentChange[] }) {
  return (
    <section aria-labelledby="recent-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="recent-title" className="mb-3 font-semibold">Alterações recentes na lista</h2>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Tabela das alterações recentes">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              {["Quando", "Quem", "Ação", "Aluno", "O que mudou"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={`${c.at}-${i}`} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(c.at)}</td>
                <td className="px-3 py-2">{c.actorName ?? "Sistema"}</td>
                <td className="px-3 py-2">{ACTIONS[c.action] ?? c.action}</td>
                <td className="px-3 py-2">{c.studentName ?? "—"}</td>
                <td className="px-3 py-2">
                  {c.action === "insert" ? "Novo registro" : c.changed.map((f) => (
                    <div key={f.field}>{FIELDS[f.field] ?? f.field}: {show(f.before)} → {show(f.after)}</div>
                  ))}
                </td>
              </tr>
            ))}
            {changes.length === 0 && (
              <tr><td colSpan={5} className="px-3 py-6 text-center text-slate-600">Nenhuma alteração registrada.</td></tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

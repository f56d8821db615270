import type { YearTurn } from "@/lib/rematricula/ano-letivo/history";
import { formatDateTime } from "../../../rematricula/_components/format";
import { UndoTurnForm } from "./undo-turn-form";
import { ScrollRegion } from "@/app/_components/scroll-region";

/** The school's turns of the year, latest first; the one that opened the current year can be undone. */
export function TurnsHistory({ turns }: { turns: YearTurn[] }) {
  if (turns.length === 0) return <p className="text-slate-700">Nenhum encerramento registrado.</p>;
  return (
    <ScrollRegion label="Encerramentos do ano letivo" className="rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Encerramentos do ano letivo</caption>
        <thead className="bg-slate-100">
          <tr>
            {["Quando", "Quem", "Ano", "Promovidos", "Concluintes", "Inativados", "Mantidos", "Situação"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {turns.map((t) => (
            <tr key={t.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(t.createdAt)}</td>
              <td className="px-3 py-2">{t.author ?? "—"}</td>
              <td className="px-3 py-2 whitespace-nowrap">{t.fromYear} → {t.toYear}</td>
              <td className="px-3 py-2 tabular-nums">{t.promoted}</td>
              <td className="px-3 py-2 tabular-nums">{t.concluded}</td>
              <td className="px-3 py-2 tabular-nums">{t.deactivated}</td>
              <td className="px-3 py-2 tabular-nums">{t.kept}</td>
              <td className="space-y-2 px-3 py-2">
                <p>
                  {t.undoneAt
                    ? `Desfeito em ${formatDateTime(t.undoneAt)}${t.undoneBy ? ` por ${t.undoneBy}` : ""}`
                    : t.deactivate ? "Em vigor (sem rematrícula: inativados)" : "Em vigor (sem rematrícula: mantidos)"}
                </p>
                <UndoTurnForm batchId={t.id} fromYear={t.fromYear} undoable={t.undoable} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

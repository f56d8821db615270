import type { FlagAudit } from "@/lib/config/flags-admin";
import { formatDateTime } from "../../../rematricula/_components/format";
import { FLAG_KEYS, type InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { ANO_LETIVO_KEY } from "@/lib/rematricula/ano";
import { FLAG_TEXTS } from "./flag-texts";

// Settings of the school that are not flags but share their table and trail.
const OTHER_LABELS: Record<string, string> = { [ANO_LETIVO_KEY]: "Ano letivo da escola (encerramento do ano)" };

function labelOf(key: string): string {
  const field = (Object.keys(FLAG_KEYS) as (keyof InadimplenciaFlags)[]).find((k) => FLAG_KEYS[k] === key);
  return field ? FLAG_TEXTS[field].label : OTHER_LABELS[key] ?? key;
}

// A year is written as a year (2027, not 2.027); the cache time in seconds, as the form takes it.
const show = (v: unknown, key: string) => (v === null || v === undefined ? "—" : v === true ? "ligado" : v === false ? "desligado"
  : typeof v === "number" && key === FLAG_KEYS.cacheTtlMs ? `${(v / 1000).toLocaleString("pt-BR")} s`
  : typeof v === "number" && key !== ANO_LETIVO_KEY ? v.toLocaleString("pt-BR") : String(v));

/** Who changed which flag, when, from what to what — as the database's trigger recorded it. */
export function FlagsAudit({ rows }: { rows: FlagAudit[] }) {
  return (
    // Focusable, so a keyboard can scroll the table sideways on a narrow screen.
    <div className="overflow-x-auto rounded border border-slate-200 bg-white" tabIndex={0} role="region"
      aria-label="Histórico das configurações">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Histórico das configurações</caption>
        <thead className="bg-slate-100">
          <tr>
            {["Quando", "Quem", "Configuração", "Antes", "Depois"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.at}-${i}`} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(r.at)}</td>
              <td className="px-3 py-2">{r.actorName ?? "Sistema"}</td>
              <td className="px-3 py-2">{labelOf(r.key)}</td>
              <td className="max-w-xs px-3 py-2 break-words">{show(r.before, r.key)}</td>
              <td className="max-w-xs px-3 py-2 break-words">{show(r.after, r.key)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr><td colSpan={5} className="px-3 py-6 text-center text-slate-600">Nenhuma alteração registrada.</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

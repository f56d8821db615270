import type { ImportMode } from "@/lib/inadimplencia/import/types";

const MODES: { value: ImportMode; label: string; help: string }[] = [
  {
    value: "upsert",
    label: "Adicionar/atualizar",
    help: "Inclui os alunos novos do arquivo e atualiza os que já estão na lista. Quem não está no arquivo continua na lista.",
  },
  {
    value: "replace",
    label: "Substituir a lista",
    help: "O arquivo passa a ser a lista inteira: além de incluir e atualizar, desativa quem está na lista hoje e não aparece no arquivo (por exemplo, quem já pagou).",
  },
];

export function ModeChoice({ mode, disabled, onChange }: { mode: ImportMode; disabled: boolean; onChange: (m: ImportMode) => void }) {
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="text-sm font-medium">Modo da importação</legend>
      {MODES.map((m) => (
        <div key={m.value} className="flex items-start gap-2">
          <input type="radio" id={`modo-${m.value}`} name="mode" value={m.value} checked={mode === m.value}
            onChange={() => onChange(m.value)} aria-describedby={`modo-${m.value}-ajuda`} className="mt-1" />
          <div>
            <label htmlFor={`modo-${m.value}`} className="font-medium">{m.label}</label>
            <p id={`modo-${m.value}-ajuda`} className="text-sm text-slate-700">{m.help}</p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

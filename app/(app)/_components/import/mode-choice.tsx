import type { ImportMode } from "@/lib/import/types";

/** One mode of an import as the upload form offers it. */
export interface ModeOption {
  value: ImportMode;
  label: string;
  help: string;
}

export function ModeChoice({ modes: MODES, mode, disabled, onChange }: {
  modes: ModeOption[];
  mode: ImportMode;
  disabled: boolean;
  onChange: (m: ImportMode) => void;
}) {
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

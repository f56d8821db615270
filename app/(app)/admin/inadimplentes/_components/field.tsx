import { INPUT } from "./format";

interface FieldProps {
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  required?: boolean;
  hint?: string;
  inputMode?: "numeric";
  list?: string;
}

/** A labelled text input whose error sits next to it and is announced with it. */
export function Field({ name, label, defaultValue, error, required, hint, inputMode, list }: FieldProps) {
  const errorId = `${name}-erro`;
  const hintId = `${name}-dica`;
  const describedBy = [hint && hintId, error && errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}{required && <span aria-hidden="true" className="text-red-800"> *</span>}
      </label>
      <input id={name} name={name} defaultValue={defaultValue} inputMode={inputMode} list={list}
        aria-required={required || undefined} aria-invalid={error ? true : undefined} aria-describedby={describedBy}
        className={error ? INPUT.replace("border-slate-400", "border-red-700") : INPUT} />
      {hint && <p id={hintId} className="mt-1 text-xs text-slate-700">{hint}</p>}
      {error && <p id={errorId} className="mt-1 text-sm font-medium text-red-800">{error}</p>}
    </div>
  );
}

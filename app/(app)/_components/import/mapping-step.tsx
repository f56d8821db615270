"use client";

import { useState } from "react";
import type { FieldMapping } from "@/lib/import/contract";

/** A field of the import's contract, as the mapping step offers it. */
export interface MappingField {
  key: string;
  label: string;
  required: boolean;
}

/** The contract's fields for the mapping step (the contract itself stays on the server). */
export function mappingFields(contract: { fields: readonly string[]; labels: Record<string, string>; required: readonly string[] }): MappingField[] {
  return contract.fields.map((key) => ({ key, label: contract.labels[key], required: contract.required.includes(key) }));
}

/** The file's header layout is unknown: the user says which column holds each field, then previews again. */
export function MappingStep({ fields: FIELDS, headers, message, initial, busy, onSubmit }: {
  fields: MappingField[];
  headers: string[];
  message: string;
  initial?: FieldMapping;
  busy: boolean;
  onSubmit: (mapping: FieldMapping) => void;
}) {
  const [mapping, setMapping] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, initial?.[f.key] === undefined ? "" : String(initial[f.key])])));
  const [error, setError] = useState<string | null>(null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing = FIELDS.filter((f) => f.required && mapping[f.key] === "");
    if (missing.length) return setError(`Escolha a coluna de: ${missing.map((f) => f.label).join(", ")}.`);
    const chosen = Object.entries(mapping).filter(([, v]) => v !== "");
    if (new Set(chosen.map(([, v]) => v)).size !== chosen.length) return setError("Cada coluna do arquivo só pode ser usada uma vez.");
    setError(null);
    onSubmit(Object.fromEntries(chosen.map(([k, v]) => [k, Number(v)])));
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4 rounded border border-amber-300 bg-amber-50 p-4" aria-labelledby="mapa-titulo">
      <h2 id="mapa-titulo" className="text-lg font-semibold">Indique as colunas do arquivo</h2>
      <p className="text-sm">{message} Escolha, para cada informação, a coluna do arquivo que a contém.</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <div key={f.key}>
            <label htmlFor={`map-${f.key}`} className="block text-sm font-medium">{f.label}{f.required ? " (obrigatório)" : ""}</label>
            <select id={`map-${f.key}`} value={mapping[f.key]} onChange={(e) => setMapping({ ...mapping, [f.key]: e.target.value })}
              className="mt-1 w-full rounded border border-slate-300 bg-white px-3 py-2">
              <option value="">— não importar —</option>
              {headers.map((h, i) => <option key={i} value={String(i)}>{h || `Coluna ${i + 1}`}</option>)}
            </select>
          </div>
        ))}
      </div>
      {error && <p role="alert" className="text-sm font-medium text-red-800">{error}</p>}
      <button type="submit" disabled={busy} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:bg-slate-400">
        Pré-visualizar com estas colunas
      </button>
    </form>
  );
}

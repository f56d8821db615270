import { cleanCell } from "@/lib/csv/clean-cell";
import { normText } from "@/lib/inadimplencia/norm-text";
import type { FieldMapping, ImportContract } from "./contract";

type HeaderContract<F extends string> = Pick<ImportContract<F>, "fields" | "aliases" | "required" | "labels" | "requiredHint">;

export function headerKey(header: string): string {
  return (normText(header) ?? "").replace(/[^a-z0-9]/g, "");
}

// Built once per contract: the aliases are fixed, the headers vary per file.
const keysByContract = new WeakMap<object, Map<string, string>>();

function fieldByKey<F extends string>(contract: HeaderContract<F>): Map<string, F> {
  let keys = keysByContract.get(contract);
  if (!keys) {
    keys = new Map(contract.fields.flatMap((field) => contract.aliases[field].map((alias) => [headerKey(alias), field] as const)));
    keysByContract.set(contract, keys);
  }
  return keys as Map<string, F>;
}

/** Whether a header cell names one of the contract's fields: the header search of lib/csv/parse looks for it. */
export function isKnownHeader<F extends string>(contract: HeaderContract<F>, name: string): boolean {
  return fieldByKey(contract).has(headerKey(name));
}

/**
 * The columns the header names revealed that a manual mapping left as "não
 * importar" (and did not give to another field): the preview says so, since
 * the field will be empty on every imported row.
 */
export function recognisedButUnmapped<F extends string>(
  contract: HeaderContract<F>,
  header: readonly string[],
  manual: FieldMapping<F>,
): string[] {
  const names = header.map(cleanCell);
  const used = new Set(Object.values(pickFields(contract, manual)));
  const notes: string[] = [];
  for (const [field, columns] of detectColumns(contract, names)) {
    if (manual[field] !== undefined || used.has(columns[0])) continue;
    notes.push(
      `A coluna ${listColumns(names, [columns[0]])} foi reconhecida como “${contract.labels[field]}”, ` +
        "mas ficou como “não importar”: esse campo não será importado.",
    );
  }
  return notes;
}

export interface ExtraColumn {
  index: number;
  header: string;
}

export type ColumnResolution<F extends string = string> =
  | { ok: true; mapping: FieldMapping<F>; extraColumns: ExtraColumn[] }
  /** `suggested` holds what the header names did reveal, to pre-fill the manual mapping. */
  | { ok: false; error: string; suggested: FieldMapping<F> };

/**
 * Which column holds each contract field. Without `manual`, from the header
 * names; with it, exactly as given — the manual mapping is the whole mapping
 * (the preview pre-fills it with `suggested`), so a field it leaves out is
 * not imported. Columns that hold no field are returned as `extraColumns`.
 */
export function resolveContractColumns<F extends string>(
  contract: HeaderContract<F>,
  header: readonly string[],
  manual?: FieldMapping<F>,
): ColumnResolution<F> {
  const names = header.map(cleanCell);
  const found = detectColumns(contract, names);
  const suggested: FieldMapping<F> = {};
  for (const [field, columns] of found) suggested[field] = columns[0];

  const fail = (error: string): ColumnResolution<F> => ({ ok: false, error, suggested });
  const problem = manual ? checkManual(contract, names, manual) : checkDetected(contract, names, found);
  if (problem) return fail(problem);

  const mapping = manual ? pickFields(contract, manual) : suggested;
  const used = new Set(Object.values(mapping));
  const extraColumns = names.flatMap((name, index) => (used.has(index) ? [] : [{ index, header: name }]));
  return { ok: true, mapping, extraColumns };
}

function detectColumns<F extends string>(contract: HeaderContract<F>, names: string[]): Map<F, number[]> {
  const keys = fieldByKey(contract);
  const found = new Map<F, number[]>();
  names.forEach((name, index) => {
    const field = keys.get(headerKey(name));
    if (field) found.set(field, [...(found.get(field) ?? []), index]);
  });
  return found;
}

function checkDetected<F extends string>(contract: HeaderContract<F>, names: string[], found: Map<F, number[]>): string | null {
  const { labels } = contract;
  if (found.size === 0) {
    return (
      "Nenhuma coluna do cabeçalho foi reconhecida. Indique qual coluna contém cada campo " +
      `(${contract.requiredHint}).`
    );
  }
  for (const [field, columns] of found) {
    if (columns.length > 1) {
      return (
        `As colunas ${listColumns(names, columns)} correspondem ao mesmo campo, “${labels[field]}”. ` +
        "Remova uma delas do arquivo ou indique qual usar."
      );
    }
  }
  const missing = contract.required.find((field) => !found.has(field));
  if (missing) {
    return `Falta a coluna obrigatória “${labels[missing]}” (${missing}). Indique qual coluna a contém.`;
  }
  return null;
}

function checkManual<F extends string>(contract: HeaderContract<F>, names: string[], manual: FieldMapping<F>): string | null {
  const { labels } = contract;
  const fieldsByColumn = new Map<number, F[]>();
  for (const [field, index] of Object.entries(pickFields(contract, manual)) as [F, number][]) {
    if (!Number.isInteger(index) || index < 0 || index >= names.length) {
      return `O mapeamento do campo “${labels[field]}” aponta para uma coluna que não existe no arquivo.`;
    }
    fieldsByColumn.set(index, [...(fieldsByColumn.get(index) ?? []), field]);
  }
  for (const [index, fields] of fieldsByColumn) {
    if (fields.length > 1) {
      return (
        `A coluna ${listColumns(names, [index])} foi escolhida para mais de um campo ` +
        `(${fields.map((f) => `“${labels[f]}”`).join(" e ")}).`
      );
    }
  }
  const missing = contract.required.find((field) => manual[field] === undefined);
  if (missing) return `Escolha a coluna que contém o campo obrigatório “${labels[missing]}”.`;
  return null;
}

/** Only the contract's fields: the manual mapping arrives from a form. */
function pickFields<F extends string>(contract: HeaderContract<F>, manual: FieldMapping<F>): FieldMapping<F> {
  const picked: FieldMapping<F> = {};
  for (const field of contract.fields) if (manual[field] !== undefined) picked[field] = manual[field];
  return picked;
}

function listColumns(names: string[], columns: number[]): string {
  const described = columns.map((i) => (names[i] ? `“${names[i]}” (coluna ${i + 1})` : `coluna ${i + 1}`));
  return described.length > 1 ? `${described.slice(0, -1).join(", ")} e ${described.at(-1)}` : described[0];
}

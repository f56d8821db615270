import { normText } from "@/lib/inadimplencia/norm-text";
import { SERIES } from "@/lib/rematricula/series";
import type { AlunoFields } from "@/lib/people/alunos";

// One roster cell to the value the student record stores, or a message. Each
// parser gets a cleaned, non-empty cell.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

// Excel stores a date as days since 1899-12-30 (its 1900 leap-year bug folded
// in); a date pasted as a number reaches the CSV that way.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const OLDEST_YEAR = 1900;

/**
 * dd/mm/aaaa (also d/m/aaaa, with - or . as separator), aaaa-mm-dd (with an
 * optional time, as some exports add), or Excel's day number. Two-digit years
 * are refused: "05/03/10" could be 1910 or 2010.
 */
export function parseBirthDate(value: string, today = new Date()): Parsed<string> {
  let y: number, m: number, d: number;
  const br = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(value);
  if (br) [d, m, y] = [Number(br[1]), Number(br[2]), Number(br[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (/^\d{1,6}$/.test(value)) {
    const date = new Date(EXCEL_EPOCH_MS + Number(value) * DAY_MS);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    return bad(`Data de nascimento inválida: “${value}”. Use dd/mm/aaaa ou aaaa-mm-dd.`);
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return bad(`Data de nascimento inexistente: “${value}”.`);
  }
  if (y < OLDEST_YEAR || date.getTime() > today.getTime()) {
    return bad(`Data de nascimento fora do intervalo aceito: “${value}”.`);
  }
  return ok(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
}

type Status = AlunoFields["status"];

// The pt-BR words, their feminine forms and the abbreviations academic systems print.
const STATUS_WORDS: Record<string, Status> = Object.fromEntries(
  ([
    ["ativo", ["ativo", "ativa", "at", "atv", "a", "matriculado", "matriculada", "cursando", "regular"]],
    ["inativo", ["inativo", "inativa", "inat", "inativ", "i", "desistente", "cancelado", "cancelada", "trancado", "trancada"]],
    ["transferido", ["transferido", "transferida", "transf", "trans", "transf.", "trf", "tr", "t"]],
    ["concluinte", ["concluinte", "concluido", "concluida", "conc", "concl", "c", "formado", "formada"]],
  ] as [Status, string[]][]).flatMap(([status, words]) => words.map((w) => [w.replace(/\./g, ""), status])),
);

export function parseStatus(value: string): Parsed<Status> {
  const key = (normText(value) ?? "").replace(/[.\s]/g, "");
  const status = STATUS_WORDS[key];
  return status ? ok(status) : bad(`Situação desconhecida: “${value}”. Use ativo, inativo, transferido ou concluinte.`);
}

// Série names as schools write them, reduced to one key: "5º ano", "5o ano",
// "5° ANO EF" and "5 ano" are one série; "1ª série EM", "1a serie", "1º ano do
// ensino médio" and "1º EM" another.
function serieKey(value: string): string {
  return (normText(value) ?? "")
    .replace(/°/g, "o")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\b(\d+) ?[oa]\b/g, "$1")
    .replace(/\b(ensino medio|medio)\b/g, "em")
    .replace(/\b(ensino fundamental|fundamental|ef|do|da|de)\b/g, " ")
    .replace(/\b(\d) +(?:serie +|ano +)?em\b/g, "$1 em")
    .replace(/\bjardim +1\b/g, "jardim i")
    .replace(/\bjardim +2\b/g, "jardim ii")
    .replace(/ +/g, " ")
    .trim();
}

const SERIE_BY_KEY = new Map<string, string>(SERIES.map((serie) => [serieKey(serie), serie]));

export function parseSerie(value: string): Parsed<string> {
  const serie = SERIE_BY_KEY.get(serieKey(value));
  return serie ? ok(serie) : bad(`Série desconhecida: “${value}”. Use uma das séries da escola (Maternal a 3ª série EM).`);
}

/** The school year of the record: a four-digit year the settings accept (2000–2099). */
export function parseYear(value: string): Parsed<number> {
  const y = /^(20\d{2})(?:[.,]0+)?$/.exec(value);
  return y ? ok(Number(y[1])) : bad(`Ano letivo inválido: “${value}”. Use quatro dígitos, como 2026.`);
}

/** A phone as people type it: 8 to 13 digits once the punctuation is gone; stored as typed, tidied. */
export function parsePhone(value: string): Parsed<string> {
  const digits = value.replace(/\D/g, "");
  if (!/^[0-9()+\-.\s/]+$/.test(value) || digits.length < 8 || digits.length > 13) {
    return bad(`Telefone inválido: “${value}”.`);
  }
  return ok(value.slice(0, 30));
}

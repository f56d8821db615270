import { UNACCENT_RULES } from "./unaccent-rules";

// The TypeScript twin of SQL norm_text (db/migrations/0000_*.sql), step by step
// in the same order, so that a preview computed here equals the generated
// *_norm columns the check compares. tests/inadimplencia/norm-text.test.ts
// holds the two to agreement on a corpus of names.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_ASCII = /[^\u0000-\u007f]/gu;
const TYPOGRAPHIC_APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u02bb\u0060\u2032]/g;
// What [[:space:]] matches in both PostgreSQL 15 (glibc C.UTF-8) and PGlite,
// after NFKD has already turned NBSP and the other compatibility spaces into
// U+0020. U+0085 and U+1680 are left out: the two engines disagree on them.
const WHITESPACE_RUN = /[\t\n\v\f\r \u2028\u2029]+/g;

export function normText(input: string | null): string | null;
export function normText(input: string | null | undefined): string | null;
export function normText(input: string | null | undefined): string | null {
  // norm_text is STRICT: NULL in, NULL out.
  if (input == null) return null;
  return input
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(NON_ASCII, (c) => UNACCENT_RULES[c] ?? c)
    // PostgreSQL lowers letter by letter; JavaScript would turn a word-final
    // capital sigma into "ς" where lower() gives "σ".
    .replace(/Σ/g, "σ")
    .toLowerCase()
    .replace(TYPOGRAPHIC_APOSTROPHES, "'")
    .replace(WHITESPACE_RUN, " ")
    // btrim trims spaces only, and every whitespace run is one space by now.
    .replace(/^ | $/g, "");
}

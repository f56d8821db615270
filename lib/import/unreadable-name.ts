import { quoteValue } from "@/lib/csv/quote";

/** U+FFFD: what a decoder writes where the bytes were not text of the file's encoding. */
const REPLACEMENT = "\uFFFD";
const LETTER = /\p{L}/u;

/**
 * Why a person's name taken from a file is no name at all, or null. A name
 * holding U+FFFD lost characters before it reached us (a damaged file, or one
 * converted between encodings), and a name without a single letter ("123",
 * "---") is a slip of a column or a line of the report. Either would become a
 * student nobody can find, or a list row that blocks nobody, so the line is
 * refused with its reason instead. Both imports ask this of their names.
 */
export function unreadableNameProblem(label: string, name: string): string | null {
  if (name.includes(REPLACEMENT)) {
    return `${label} com caracteres ilegíveis (�): ${quoteValue(name, 60)}. O arquivo pode estar danificado ou ter sido convertido com outra codificação; corrija o nome na planilha.`;
  }
  if (!LETTER.test(name)) return `${label} sem nenhuma letra: ${quoteValue(name, 60)}.`;
  return null;
}

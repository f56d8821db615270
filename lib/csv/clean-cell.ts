// Control characters (NUL included: PostgreSQL refuses it in text) and the
// invisible format characters spreadsheets leave behind (zero-width spaces, a
// BOM pasted into a cell). Tab, line feed, carriage return, vertical tab and
// form feed are whitespace instead, so "Ana\nSilva" becomes "Ana Silva".
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;
// Matches runs and single non-space whitespace only: also matching every lone
// space, to replace it by itself, made this function twice as slow on names.
const WHITESPACE_RUN = /\s{2,}|[^\S ]/g;

/**
 * A cell as the list should store it: invisible characters removed,
 * whitespace runs (NBSP and line breaks included) made one space, trimmed, in
 * NFC: a name written decomposed ("ã" as "a" + combining tilde, as some
 * systems export it) is then the same text as the name typed in the app, so a
 * re-import does not count it as changed.
 */
export function cleanCell(value: string): string {
  return value.replace(INVISIBLE, "").replace(WHITESPACE_RUN, " ").trim().normalize("NFC");
}

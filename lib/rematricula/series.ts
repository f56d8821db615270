/** The grade ladder of a Brazilian school, from early childhood to the last year of high school. */
export const SERIES = [
  "Maternal", "Jardim I", "Jardim II",
  "1º ano", "2º ano", "3º ano", "4º ano", "5º ano", "6º ano", "7º ano", "8º ano", "9º ano",
  "1ª série EM", "2ª série EM", "3ª série EM",
] as const;

/** The class proposed for next year: the next rung, "Concluinte" after the last, null if unknown. */
export function nextSerie(serie: string | null | undefined): string | null {
  const i = SERIES.indexOf(serie as (typeof SERIES)[number]);
  if (i < 0) return null;
  return i === SERIES.length - 1 ? "Concluinte" : SERIES[i + 1];
}

const rung = (s: string) => {
  const i = SERIES.indexOf(s as (typeof SERIES)[number]);
  return i < 0 ? SERIES.length : i;
};

/** Séries in school order (Maternal … 3ª série EM), others after them alphabetically. */
export const bySchoolOrder = (a: string, b: string): number => rung(a) - rung(b) || a.localeCompare(b, "pt-BR");

import { expect, test } from "vitest";
import { nextSerie, SERIES } from "@/lib/rematricula/series";

test("the ladder runs from Maternal to the 3rd year of high school", () => {
  expect(SERIES).toEqual([
    "Maternal", "Jardim I", "Jardim II",
    "1º ano", "2º ano", "3º ano", "4º ano", "5º ano", "6º ano", "7º ano", "8º ano", "9º ano",
    "1ª série EM", "2ª série EM", "3ª série EM",
  ]);
});

test.each([
  ["Maternal", "Jardim I"],
  ["Jardim II", "1º ano"],
  ["5º ano", "6º ano"],
  ["9º ano", "1ª série EM"],
  ["2ª série EM", "3ª série EM"],
  ["3ª série EM", "Concluinte"],
  ["Concluinte", null],
  ["10º ano", null],
  [null, null],
])("after %j comes %j", (serie, expected) => {
  expect(nextSerie(serie)).toBe(expected);
});

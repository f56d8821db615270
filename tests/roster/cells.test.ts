import { describe, expect, test } from "vitest";
import { parseBirthDate, parsePhone, parseSerie, parseStatus, parseYear } from "@/lib/people/roster/cells";

const TODAY = new Date(Date.UTC(2026, 10, 30));
const date = (v: string) => parseBirthDate(v, TODAY);

describe("birth dates", () => {
  test("the three forms give one date", () => {
    for (const v of ["05/03/2015", "5/3/2015", "05-03-2015", "05.03.2015", "2015-03-05", "2015-03-05 00:00:00", "42068"]) {
      expect(date(v)).toEqual({ ok: true, value: "2015-03-05" });
    }
  });

  test("Excel's day numbers, across its 1900 leap-year bug and leap days", () => {
    expect(date("61")).toEqual({ ok: true, value: "1900-03-01" });
    expect(date("36586")).toEqual({ ok: true, value: "2000-03-01" });
    expect(date("43890")).toEqual({ ok: true, value: "2020-02-29" });
  });

  test("impossible, ambiguous, too old and future dates are refused with the value", () => {
    expect(date("29/02/2015")).toMatchObject({ ok: false, message: "Data de nascimento inexistente: “29/02/2015”." });
    expect(date("05/03/15")).toMatchObject({ ok: false });
    expect(date("1899-12-31")).toMatchObject({ ok: false, message: expect.stringContaining("fora do intervalo") });
    expect(date("01/12/2026")).toMatchObject({ ok: false, message: expect.stringContaining("fora do intervalo") });
    expect(date("999999")).toMatchObject({ ok: false });
    expect(date("ontem")).toMatchObject({ ok: false });
  });
});

test("situação: words, feminine forms and abbreviations", () => {
  const cases: [string, string][] = [
    ["Ativo", "ativo"], ["ATIVA", "ativo"], ["A", "ativo"], ["Atv.", "ativo"], ["cursando", "ativo"],
    ["Inativo", "inativo"], ["INAT", "inativo"], ["i", "inativo"], ["Trancada", "inativo"],
    ["Transferido", "transferido"], ["Transf.", "transferido"], ["TR", "transferido"],
    ["Concluinte", "concluinte"], ["Concluído", "concluinte"], ["Concl.", "concluinte"],
  ];
  for (const [v, status] of cases) expect(parseStatus(v)).toEqual({ ok: true, value: status });
  expect(parseStatus("Evadido")).toMatchObject({ ok: false });
});

test("séries in their usual spellings map to the school's ladder; others are refused", () => {
  const cases: [string, string][] = [
    ["5º ano", "5º ano"], ["5o ano", "5º ano"], ["5° ANO EF", "5º ano"], ["5 ano", "5º ano"],
    ["1ª série EM", "1ª série EM"], ["1a serie em", "1ª série EM"], ["1º ano do Ensino Médio", "1ª série EM"], ["1º EM", "1ª série EM"],
    ["Jardim 2", "Jardim II"], ["MATERNAL", "Maternal"],
  ];
  for (const [v, serie] of cases) expect(parseSerie(v)).toEqual({ ok: true, value: serie });
  for (const v of ["5ª série", "Infantil 5", "10º ano"]) expect(parseSerie(v)).toMatchObject({ ok: false });
});

test("year and phone", () => {
  expect(parseYear("2026")).toEqual({ ok: true, value: 2026 });
  expect(parseYear("2026,0")).toEqual({ ok: true, value: 2026 });
  expect(parseYear("26")).toMatchObject({ ok: false });
  expect(parsePhone("(11) 98888-0001")).toEqual({ ok: true, value: "(11) 98888-0001" });
  expect(parsePhone("ligar depois")).toMatchObject({ ok: false });
  expect(parsePhone("123")).toMatchObject({ ok: false });
});

import { expect, test } from "vitest";
import { CPF_INVALID, formatCpf, isValidCpf, parseCpf } from "@/lib/people/cpf";

// Valid CPFs (check digits computed by hand from the Receita's rule).
const VALID = ["52998224725", "11144477735", "01234567890", "00000000191"];

test("valid CPFs pass, with or without punctuation, stored digits-only with leading zeros", () => {
  for (const cpf of VALID) expect(isValidCpf(cpf), cpf).toBe(true);
  expect(parseCpf("529.982.247-25")).toEqual({ ok: true, cpf: "52998224725" });
  expect(parseCpf(" 012.345.678-90 ")).toEqual({ ok: true, cpf: "01234567890" });
  expect(parseCpf("000.000.001-91")).toEqual({ ok: true, cpf: "00000000191" });
  expect(parseCpf("")).toEqual({ ok: true, cpf: null });
});

test("invalid CPFs are refused with the message", () => {
  for (const bad of ["52998224724", "529.982.247-52", "11111111111", "000.000.000-00", "1234567890", "123456789012",
    "5299822472a", "529982247-25x", "abc", "529\u00009822472", "5".repeat(10_000)]) {
    expect(parseCpf(bad), bad.slice(0, 20)).toEqual({ ok: false, message: CPF_INVALID });
  }
});

test("formatting for display keeps the zeros", () => {
  expect(formatCpf("01234567890")).toBe("012.345.678-90");
  expect(formatCpf(null)).toBe("");
});

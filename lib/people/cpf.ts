/**
 * CPF rules of seed 004 (SPEC §2): typed with or without punctuation, stored as
 * its 11 digits (text, so leading zeros stay), valid only when both check digits
 * match. Sequences of one repeated digit pass the arithmetic but are not issued.
 */
export type CpfParse = { ok: true; cpf: string | null } | { ok: false; message: string };

export const CPF_INVALID = "CPF inválido";
export const CPF_TAKEN = "CPF já registrado nesta escola";

function checkDigit(digits: string, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export function isValidCpf(digits: string): boolean {
  if (!/^[0-9]{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  return checkDigit(digits, 9) === Number(digits[9]) && checkDigit(digits, 10) === Number(digits[10]);
}

/** An empty field is "no CPF"; anything else must be a valid CPF in the usual forms. */
export function parseCpf(raw: string | null | undefined): CpfParse {
  const typed = (raw ?? "").trim();
  if (typed === "") return { ok: true, cpf: null };
  // Only digits and the usual punctuation (000.000.000-00); letters or other
  // symbols mean a typo, not a CPF with decoration.
  if (typed.length > 20 || !/^[0-9.\-\s/]+$/.test(typed)) return { ok: false, message: CPF_INVALID };
  const digits = typed.replace(/\D/g, "");
  return isValidCpf(digits) ? { ok: true, cpf: digits } : { ok: false, message: CPF_INVALID };
}

/** 12345678909 → 123.456.789-09, for display. */
export function formatCpf(digits: string | null): string {
  if (!digits || !/^[0-9]{11}$/.test(digits)) return digits ?? "";
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

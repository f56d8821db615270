import { z } from "zod";
import { ALUNO_STATUS } from "@/db/schema";
import { ASSIGNABLE_ROLES } from "./roles";
import { AppError } from "@/lib/errors";

// Form input of the people area. NUL bytes are stripped before anything else
// (PostgreSQL refuses them in text) and every field has a length bound, so no
// typed value can turn into a database error.
const clean = (s: string) => s.replace(/\0/g, "").trim();

// Names and the other one-line fields take no line break of any kind: a name
// with one would split a row of every export and every list it is shown in.
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
export const ONE_LINE = "Use uma linha só, sem quebras de linha.";

/** A multi-line field (a list typed one item per line), bounded. */
export const multilineText = (max: number) =>
  z.string().transform(clean).pipe(z.string().max(max, `Use no máximo ${max} caracteres.`));

/** A one-line field: line breaks are refused, not silently joined. */
export const text = (max: number, required?: string) => {
  const base = multilineText(max).pipe(z.string().refine((s) => !LINE_BREAK.test(s), ONE_LINE));
  return required ? base.pipe(z.string().min(1, required)) : base;
};

export const optionalText = (max: number) => text(max).transform((s) => (s === "" ? null : s));

export const email = z.string().transform((s) => clean(s).toLowerCase())
  .pipe(z.string().min(1, "Informe o e-mail.").max(254, "E-mail longo demais.").pipe(z.email("E-mail inválido.")));

export const optionalEmail = z.string().transform((s, ctx) => {
  if (clean(s) === "") return null;
  const r = email.safeParse(s);
  if (r.success) return r.data;
  ctx.addIssue({ code: "custom", message: r.error.issues[0].message });
  return z.NEVER;
});

export const SUPERADMIN_ONLY = "Só a administração da plataforma altera o papel de superadmin.";
export const role = z.enum(ASSIGNABLE_ROLES, {
  error: (issue) => (issue.input === "superadmin" ? SUPERADMIN_ONLY : "Papel inválido."),
});
export const alunoStatus = z.enum(ALUNO_STATUS, { error: "Situação inválida." });
export const uuid = z.uuid({ error: "Identificador inválido." });

/** The first message of each field, for errors shown next to the fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    // A missing or non-text field only comes from a forged request; zod's own
    // wording for it is English.
    out[key] ??= issue.code === "invalid_type" ? "Campo inválido." : issue.message;
  }
  return out;
}

/**
 * Parses form values or throws VALIDATION with a message per field. A refusal
 * of the form as a whole (no field to point at) is the message itself.
 */
export function parseForm<S extends z.ZodType>(schema: S, values: Record<string, string>): z.output<S> {
  const r = schema.safeParse(values);
  if (r.success) return r.data;
  const fields = fieldErrors(r.error);
  throw new AppError("VALIDATION", fields.form ?? "Corrija os campos indicados.", fields);
}

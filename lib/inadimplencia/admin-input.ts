import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseMatricula } from "@/lib/people/matricula";

// Text the database would refuse (NUL, lone surrogates) or that would only
// confuse the list (other control characters) is removed or replaced; blank optional fields become null.
// eslint-disable-next-line no-control-regex
const clean = (s: string) => s.toWellFormed().replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, "").replace(/\s+/g, " ").trim();

const optionalText = (max: number, label: string) =>
  z.string().transform(clean).pipe(z.string().max(max, `${label}: no máximo ${max} caracteres.`))
    .transform((s) => (s === "" ? null : s));

export const inadimplenteInput = z.object({
  studentName: z.string().transform(clean)
    .pipe(z.string().min(1, "Informe o nome do aluno.").max(200, "Nome do aluno: no máximo 200 caracteres.")),
  guardian1Name: optionalText(200, "Responsável"),
  studentEscola: optionalText(200, "Unidade"),
  codigoInadim: optionalText(50, "Código"),
  mesesInadim: z.string().trim()
    .refine((s) => s === "" || /^\d+$/.test(s), "Meses em atraso: informe um número inteiro entre 0 e 600.")
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || n <= 600, "Meses em atraso: informe um número inteiro entre 0 e 600."),
});

export type InadimplenteInput = z.output<typeof inadimplenteInput>;

export const INPUT_FIELDS = ["studentName", "guardian1Name", "studentEscola", "codigoInadim", "mesesInadim"] as const;

/**
 * A new row may also carry the student's code (matrícula), which links it to
 * that student as a file's code column does. Only on creation: on an existing
 * row the link is changed on its own page, with the student search.
 */
const newInadimplenteInput = inadimplenteInput.extend({
  codigoAluno: z.string().transform((s, ctx) => {
    const r = parseMatricula(clean(s));
    if (r.ok) return r.matricula;
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  }),
});

export type NewInadimplenteInput = z.output<typeof newInadimplenteInput>;

function parseFields<T extends z.ZodType>(schema: T, fields: readonly string[], values: Record<string, string | undefined>): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries(fields.map((k) => [k, values[k] ?? ""])));
  if (parsed.success) return parsed.data;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  throw new AppError("VALIDATION", "Corrija os campos indicados.", errors);
}

/** The form's fields, validated; errors name the field they belong to, in Portuguese. */
export function parseInadimplenteInput(values: Record<string, string | undefined>): InadimplenteInput {
  return parseFields(inadimplenteInput, INPUT_FIELDS, values);
}

/** The new-row form's fields: the above and the student's code. */
export function parseNewInadimplenteInput(values: Record<string, string | undefined>): NewInadimplenteInput {
  return parseFields(newInadimplenteInput, [...INPUT_FIELDS, "codigoAluno"], values);
}

export const deleteReasonInput = z.string().transform(clean)
  .pipe(z.string().min(1, "Informe o motivo da exclusão.").max(500, "Motivo: no máximo 500 caracteres."));

export function parseDeleteReason(value: string | undefined): string {
  const parsed = deleteReasonInput.safeParse(value ?? "");
  if (parsed.success) return parsed.data;
  throw new AppError("VALIDATION", parsed.error.issues[0].message, { reason: parsed.error.issues[0].message });
}

import { z } from "zod";
import { AppError } from "@/lib/errors";

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

/** The form's fields, validated; errors name the field they belong to, in Portuguese. */
export function parseInadimplenteInput(values: Record<string, string | undefined>): InadimplenteInput {
  const raw = Object.fromEntries(INPUT_FIELDS.map((k) => [k, values[k] ?? ""]));
  const parsed = inadimplenteInput.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
  throw new AppError("VALIDATION", "Corrija os campos indicados.", fields);
}

export const deleteReasonInput = z.string().transform(clean)
  .pipe(z.string().min(1, "Informe o motivo da exclusão.").max(500, "Motivo: no máximo 500 caracteres."));

export function parseDeleteReason(value: string | undefined): string {
  const parsed = deleteReasonInput.safeParse(value ?? "");
  if (parsed.success) return parsed.data;
  throw new AppError("VALIDATION", parsed.error.issues[0].message, { reason: parsed.error.issues[0].message });
}

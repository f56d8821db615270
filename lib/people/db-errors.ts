import { pgCode } from "@/db/pg-error";
import { AppError } from "@/lib/errors";
import { CPF_TAKEN } from "./cpf";
import { MATRICULA_TAKEN } from "./matricula";

export const EMAIL_TAKEN = "E-mail já cadastrado";
// No reason given: it must not tell whether the person is at another school.
export const RESET_REFUSED = "Só o suporte da plataforma pode redefinir a senha desta conta.";
export const LAST_ADMIN = "A escola precisa de pelo menos um administrador ativo: este é o último.";

/** The constraint a failed query named, on postgres.js (constraint_name) or PGlite (constraint). */
export function pgConstraint(err: unknown): string | undefined {
  for (let e = err as Record<string, unknown> | undefined; e; e = e.cause as typeof e) {
    const name = e.constraint_name ?? e.constraint;
    if (typeof name === "string") return name;
  }
  return undefined;
}

/**
 * The database's own guards, for the races the checks in lib/ cannot close:
 * two requests adding the same CPF or e-mail, or removing the last two admins,
 * at the same moment. Each becomes the message the check itself would give.
 */
export function peopleDbError(err: unknown): AppError | undefined {
  const code = pgCode(err);
  if (code === "RM002") return new AppError("CONFLICT", LAST_ADMIN);
  if (code === "RM003") {
    return new AppError("FORBIDDEN", RESET_REFUSED);
  }
  if (code !== "23505") return undefined;
  switch (pgConstraint(err)) {
    case "alunos_tenant_cpf_key":
      return new AppError("CONFLICT", CPF_TAKEN, { cpf: CPF_TAKEN });
    case "alunos_tenant_matricula_key":
      return new AppError("CONFLICT", MATRICULA_TAKEN, { matricula: MATRICULA_TAKEN });
    case "users_email_lower_key":
      return new AppError("CONFLICT", EMAIL_TAKEN, { email: EMAIL_TAKEN });
    case "tenants_slug_unique":
      return new AppError("CONFLICT", "Já existe uma escola com este identificador.", { slug: "Já existe uma escola com este identificador." });
    default:
      return undefined;
  }
}

/** Runs `work`, turning the database's people guards into domain errors. */
export async function mapPeopleErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw peopleDbError(e) ?? e;
  }
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/inadimplencia/check";
import { pgCode } from "@/db/pg-error";

/** Why the school keeps the data (privacy_anonymize_aluno's answers), as the admin reads it. */
export const REFUSAL: Record<string, string> = {
  aluno_ativo: "O aluno está ativo: o contrato está em vigor e a escola precisa dos dados. Altere a situação do aluno antes.",
  rematricula_aberta: "Há uma rematrícula concluída para o ano atual ou o próximo: o contrato está em vigor.",
  debito_ativo: "O aluno está na lista de inadimplentes ativa: a escola guarda os dados enquanto o débito existir.",
  ja_anonimizado: "Este aluno já foi anonimizado.",
};

/**
 * A family's request to anonymise a student (LGPD art. 18, IV/VI), under the
 * purge's rules; the database refuses it where the school must keep the data,
 * and records the request either way.
 */
export async function anonymizeStudent(session: TenantSession, alunoId: string): Promise<void> {
  assertCan(session, "people");
  if (!isUuid(alunoId)) throw new AppError("NOT_FOUND", "Aluno não encontrado.");
  const refused = await withTenant(session, async (tx) =>
    rowsOf<{ r: string | null }>(await tx.execute(sql`select privacy_anonymize_aluno(${alunoId}) as r`))[0].r)
    .catch((e: unknown) => {
      if (pgCode(e) === "P0002") throw new AppError("NOT_FOUND", "Aluno não encontrado.");
      throw e;
    });
  if (refused) throw new AppError("CONFLICT", REFUSAL[refused] ?? "A escola precisa manter estes dados.");
}

import "server-only";
import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { AlunoRef } from "@/lib/inadimplencia/link";
import { noNul } from "@/lib/parse-input";
import { suggestionsByName } from "./reconcile";
import { PREVIEW_PAGE_SIZE } from "./types";
import { MAX_NAME } from "./validate";

/**
 * What a page of the preview sends: its unmatched rows' lines and names, as the
 * preview showed them. At most one page, and names no longer than the file's
 * own limit, so a request costs what one page costs.
 */
const pageNames = z.array(
  z.object({
    line: z.number({ error: "Linha inválida." }).int({ error: "Linha inválida." }).positive({ error: "Linha inválida." }),
    name: z.string({ error: "Nome do aluno inválido." })
      .max(MAX_NAME, { error: `Nome do aluno com mais de ${MAX_NAME} caracteres.` })
      .refine(noNul, { error: "O nome do aluno contém caracteres inválidos." }),
  }, { error: "Linha inválida." }),
  { error: "Pedido inválido: envie as linhas da página." },
).max(PREVIEW_PAGE_SIZE, { error: `No máximo ${PREVIEW_PAGE_SIZE} linhas por vez.` })
  .refine((items) => new Set(items.map((i) => i.line)).size === items.length, { error: "Linha repetida no pedido." });

/**
 * The suggestions for the unmatched rows of a page of the preview past its
 * first (the preview answers the first itself): line → up to three students
 * with a similar name, best first; every line asked is in the answer. Allowed
 * to whoever may preview the file (inadimplentes.write), under RLS as the
 * school. A line is only the caller's label for the name: nothing is read from
 * the file or the list.
 */
export async function pageSuggestions(session: TenantSession, input: unknown): Promise<Record<number, AlunoRef[]>> {
  assertCan(session, "inadimplentes.write");
  const parsed = pageNames.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0].message);
  const found = await withTenant(session, (tx) => suggestionsByName(tx, parsed.data));
  return Object.fromEntries(parsed.data.map(({ line }) => [line, found.get(line) ?? []]));
}

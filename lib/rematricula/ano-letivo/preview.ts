import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { ANO_ATUAL } from "../ano";
import { PLAN_GROUPS, planCte, type PlanGroup } from "./plan";
import { summarize, type TurnSummary } from "./summary";

export interface TurnPreview extends TurnSummary {
  /** The school's year now, and the one the turn opens. */
  fromYear: number;
  toYear: number;
  deactivate: boolean;
  /** Students who are not `ativo` (inativo, transferido, concluinte): the turn leaves them as they are. */
  foraDaCampanha: number;
}

/**
 * "Encerrar o ano letivo", without writing anything (admins only): what the
 * turn would do per série. The commit runs the same plan, for the year this
 * preview was made for.
 */
export async function previewYearTurn(session: TenantSession, { deactivate }: { deactivate: boolean }): Promise<TurnPreview> {
  assertCan(session, "people");
  return withTenant(session, async (tx) => {
    const [head] = rowsOf<{ ano: number; fora: number }>(await tx.execute(sql`select ${ANO_ATUAL} as ano,
      (select count(*)::int from alunos where status <> 'ativo') as fora`));
    const groups = rowsOf<PlanGroup>(await tx.execute(sql`with ${planCte({ fromYear: head.ano, deactivate, lock: false })}
      ${PLAN_GROUPS}`));
    return { fromYear: head.ano, toYear: head.ano + 1, deactivate, foraDaCampanha: head.fora, ...summarize(groups) };
  });
}

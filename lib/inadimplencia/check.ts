import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { observeCheck } from "@/lib/ops/metrics";

/** The whole answer of the check (SPEC §5): nothing else about the list leaks. */
export interface CheckResult {
  isInadimplente: boolean;
  mesesInadim: number | null;
  codigoInadim: string | null;
}

export const NOT_INADIMPLENTE: Readonly<CheckResult> = { isInadimplente: false, mesesInadim: null, codigoInadim: null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string): boolean => UUID.test(s);

/**
 * Checks a page of students in one round trip through check_inadimplencia, the
 * SECURITY DEFINER function that is the only door to the list for staff
 * without a finance role. It reads the flags and the list itself, so the
 * answer is always fresh. `tx` must come from withTenant: the function answers
 * for the request's tenant only, and students of other tenants are absent
 * from the map.
 */
export async function checkInadimplencia(tx: Tx, alunoIds: string[]): Promise<Map<string, CheckResult>> {
  // A malformed id can match no student; dropping it spares a cast error.
  const ids = [...new Set(alunoIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const results = new Map<string, CheckResult>();
  if (ids.length === 0) return results;
  const r = await observeCheck(ids.length, () => tx.execute(sql`select * from check_inadimplencia(${`{${ids.join(",")}}`}::uuid[])`));
  for (const row of rowsOf<{ aluno_id: string; is_inadimplente: boolean; meses_inadim: number | null; codigo_inadim: string | null }>(r)) {
    results.set(row.aluno_id, {
      isInadimplente: row.is_inadimplente,
      mesesInadim: row.meses_inadim,
      codigoInadim: row.codigo_inadim,
    });
  }
  return results;
}

/** One student's answer; null when the student is not one of this tenant's. */
export async function checkOne(tx: Tx, alunoId: string): Promise<CheckResult | null> {
  return (await checkInadimplencia(tx, [alunoId])).get(alunoId.toLowerCase()) ?? null;
}

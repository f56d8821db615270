import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { Role } from "@/db/schema";
import type { TenantSession } from "@/lib/auth/permissions";
import { checkInadimplencia, type CheckResult } from "@/lib/inadimplencia/check";
import { FLAG_KEYS, type InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { makeStaff, makeTenant, setFlag } from "../helpers/fixtures";

/**
 * A fresh school whose check is on (unless `flags` says otherwise), with a staff
 * member holding `roles` (secretaria by default: the role the check is for,
 * which cannot read the list itself).
 */
export async function makeSchool(
  db: Db,
  flags: Partial<InadimplenciaFlags> = {},
  roles: Role[] = ["secretaria"],
): Promise<TenantSession> {
  const tenantId = await makeTenant(db);
  const session = await makeStaff(db, tenantId, roles);
  const wanted: Partial<InadimplenciaFlags> = { enabled: true, ...flags };
  for (const [k, v] of Object.entries(wanted)) await setFlag(db, tenantId, FLAG_KEYS[k as keyof InadimplenciaFlags], v);
  return session;
}

/** The check as the session's own request runs it. */
export function check(session: TenantSession, alunoIds: string[]): Promise<Map<string, CheckResult>> {
  return withTenant(session, (tx) => checkInadimplencia(tx, alunoIds));
}

export async function checkOneOf(session: TenantSession, alunoId: string): Promise<CheckResult | undefined> {
  return (await check(session, [alunoId])).get(alunoId);
}

export const CLEAR: CheckResult = { isInadimplente: false, mesesInadim: null, codigoInadim: null };

import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { FLAG_KEYS, invalidateFlags, readFlags, type InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { noNul, parseInput } from "@/lib/parse-input";

export const TTL_MAX_MS = 86_400_000;
export const BANNER_MAX = 300;

const bool = z.boolean({ error: "Valor inválido: marque ou desmarque a opção." });

// The same bounds as the database's system_config_value_type_check, checked
// first so the admin gets a message next to the field instead of a refusal.
export const flagsInput = z.object({
  enabled: bool,
  enforcementServerEnabled: bool,
  bannerMessage: z.string({ error: "Informe a mensagem." }).trim()
    .min(1, { error: "Informe a mensagem." })
    .max(BANNER_MAX, { error: `A mensagem pode ter no máximo ${BANNER_MAX} caracteres.` })
    .refine(noNul, { error: "A mensagem contém caracteres inválidos." }),
  requireGuardian: bool,
  requireSameSchool: bool,
  cacheTtlMs: z.number({ error: "Informe um número inteiro de milissegundos." })
    .int({ error: "Informe um número inteiro de milissegundos." })
    .min(0, { error: "O tempo não pode ser negativo." })
    .max(TTL_MAX_MS, { error: `O tempo pode ser de no máximo ${TTL_MAX_MS.toLocaleString("pt-BR")} ms (24 horas).` }),
});

export type FlagsInput = z.infer<typeof flagsInput>;

export interface FlagAudit {
  at: string;
  key: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
}

/** The tenant's flags as the check reads them, and their trail (latest first). */
export async function flagsForAdmin(session: TenantSession, auditLimit = 50) {
  assertCan(session, "config");
  return withTenant(session, async (tx) => {
    const flags = await readFlags(tx);
    const audit = rowsOf<FlagAudit>(await tx.execute(sql`
      select a.at::text as at, a.entity_key as key, u.name as "actorName",
             a.before -> 'value' as before, a.after -> 'value' as after
      from audit_log a left join users u on u.id = a.actor
      where a.entity = 'system_config'
      order by a.at desc, a.id desc limit ${auditLimit}`));
    return { flags, audit };
  });
}

/**
 * Saves the flags that changed, one `update` per key so the trigger audits each
 * change with its before and after. The values are stored as JSON of their own
 * type (booleans as booleans), which the database's constraint insists on.
 * This process drops its cached copy at once; other instances pick the change
 * up within the tenant's cache_ttl_ms (SPEC §4).
 */
export async function saveFlags(session: TenantSession, input: unknown): Promise<(keyof InadimplenciaFlags)[]> {
  assertCan(session, "config");
  const wanted = parseInput(flagsInput, input);
  const changed = await withTenant(session, async (tx) => {
    const rows = rowsOf<{ key: string; value: unknown }>(await tx.execute(sql`
      select key, value from system_config where key like 'rematricula.inadimplencia.%' for update`));
    const stored = new Map(rows.map((r) => [r.key, JSON.stringify(r.value)]));
    const keys = (Object.keys(FLAG_KEYS) as (keyof InadimplenciaFlags)[])
      .filter((k) => stored.get(FLAG_KEYS[k]) !== JSON.stringify(wanted[k]));
    for (const k of keys) {
      const value = JSON.stringify(wanted[k]);
      if (stored.has(FLAG_KEYS[k])) {
        await tx.execute(sql`update system_config set value = ${value}::jsonb, updated_at = now(), updated_by = app_user()
          where tenant_id = app_tenant() and key = ${FLAG_KEYS[k]}`);
      } else {
        await tx.execute(sql`insert into system_config (tenant_id, key, value, updated_by)
          values (app_tenant(), ${FLAG_KEYS[k]}, ${value}::jsonb, app_user())`);
      }
    }
    return keys;
  });
  invalidateFlags(session.tenantId);
  return changed;
}

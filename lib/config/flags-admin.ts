import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { FLAG_KEYS, invalidateFlags, readFlags, type InadimplenciaFlags } from "@/lib/inadimplencia/flags";
import { noNul, parseInput } from "@/lib/parse-input";
import { classifiedCtes } from "@/lib/rematricula/classify-sql";

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
  // Typed in seconds by the admin (lib/config/ttl-seconds.ts), so the messages speak of seconds.
  cacheTtlMs: z.number({ error: "Informe um número de segundos." })
    .int({ error: "Informe um número de segundos." })
    .min(0, { error: "O tempo não pode ser negativo." })
    .max(TTL_MAX_MS, { error: `O tempo pode ser de no máximo ${(TTL_MAX_MS / 1000).toLocaleString("pt-BR")} segundos (24 horas).` }),
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
 * Writes the flags that changed inside the caller's transaction, one `update`
 * per key so the trigger audits each change with its before and after. The
 * values are stored as JSON of their own type (booleans as booleans), which the
 * database's constraint insists on. Returns the keys it changed.
 */
async function writeFlags(tx: Tx, wanted: FlagsInput): Promise<(keyof InadimplenciaFlags)[]> {
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
}

/**
 * Saves the flags that changed (see writeFlags). This process drops its cached
 * copy at once; other instances pick the change up within the tenant's
 * cache_ttl_ms (SPEC §4).
 */
export async function saveFlags(session: TenantSession, input: unknown): Promise<(keyof InadimplenciaFlags)[]> {
  assertCan(session, "config");
  const wanted = parseInput(flagsInput, input);
  const changed = await withTenant(session, (tx) => writeFlags(tx, wanted));
  invalidateFlags(session.tenantId);
  return changed;
}

/** How many students a save would unblock and block, among those the campaign shows as blocked or startable. */
export interface FlagsEffect {
  deixam: number;
  passam: number;
}

// The students the campaign shows as "bloqueado" now: the check's own answer.
async function blockedIds(tx: Tx): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    with ${classifiedCtes(sql`true`)} select id from classified where situacao = 'bloqueado'`));
  return new Set(rows.map((r) => r.id));
}

/**
 * What saving `input` would do to who is blocked, before it is saved. The
 * flags are written inside a savepoint, the campaign's classification (through
 * check_inadimplencia, the same function the screens and the finalize guard
 * use) is read, and the savepoint is rolled back: the answer comes from the
 * real rule, never from a copy of it, and nothing is kept, audit included.
 */
export async function flagsEffect(session: TenantSession, input: unknown): Promise<FlagsEffect> {
  assertCan(session, "config");
  const wanted = parseInput(flagsInput, input);
  return withTenant(session, async (tx) => {
    const before = await blockedIds(tx);
    await tx.execute(sql`savepoint flags_effect`);
    await writeFlags(tx, wanted);
    const after = await blockedIds(tx);
    await tx.execute(sql`rollback to savepoint flags_effect`);
    return {
      deixam: [...before].filter((id) => !after.has(id)).length,
      passam: [...after].filter((id) => !before.has(id)).length,
    };
  });
}

const alunos = (n: number) => (n === 1 ? "1 aluno" : `${n.toLocaleString("pt-BR")} alunos`);

/** The effect in the admin's words, or null when nobody's situation changes. */
export function effectMessage(e: FlagsEffect): string | null {
  const parts: string[] = [];
  if (e.deixam > 0) parts.push(`${alunos(e.deixam)} ${e.deixam === 1 ? "deixa" : "deixam"} de ser ${e.deixam === 1 ? "bloqueado" : "bloqueados"} agora`);
  if (e.passam > 0) parts.push(`${alunos(e.passam)} ${e.passam === 1 ? "passa" : "passam"} a ser ${e.passam === 1 ? "bloqueado" : "bloqueados"} agora`);
  return parts.length ? `${parts.join("; ")}.` : null;
}

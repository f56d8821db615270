import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant, type TenantContext } from "@/db/tenant";

/** A tenant's re-enrollment flags (SPEC §4), typed. */
export interface InadimplenciaFlags {
  enabled: boolean;
  enforcementServerEnabled: boolean;
  bannerMessage: string;
  requireGuardian: boolean;
  requireSameSchool: boolean;
  cacheTtlMs: number;
}

export const FLAG_KEYS = {
  enabled: "rematricula.inadimplencia.enabled",
  enforcementServerEnabled: "rematricula.inadimplencia.enforcement.server_enabled",
  bannerMessage: "rematricula.inadimplencia.ui.banner_message",
  requireGuardian: "rematricula.inadimplencia.match.require_guardian",
  requireSameSchool: "rematricula.inadimplencia.match.require_same_school",
  cacheTtlMs: "rematricula.inadimplencia.cache_ttl_ms",
} as const satisfies Record<keyof InadimplenciaFlags, string>;

export const DEFAULT_FLAGS: Readonly<InadimplenciaFlags> = {
  enabled: false,
  enforcementServerEnabled: false,
  bannerMessage: "Verificar situação com a Tesouraria",
  requireGuardian: false,
  requireSameSchool: false,
  cacheTtlMs: 300_000,
};

// The words PostgreSQL's boolean input accepts, so a flag means here what
// check_inadimplencia's `::boolean` cast makes of it in SQL.
const TRUE_WORDS = new Set(["true", "t", "yes", "y", "on", "1"]);
const FALSE_WORDS = new Set(["false", "f", "no", "n", "off", "0"]);

function toBool(value: unknown, fallback: boolean): boolean {
  if (typeof value === "boolean") return value;
  const word = String(value ?? "").trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return fallback;
}

function toTtl(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_FLAGS.cacheTtlMs;
}

/**
 * Flags from system_config rows. A missing key keeps its SPEC default; a key
 * that is present but unreadable fails closed: the check and its enforcement
 * count as on, the matching rules as loose (they only ever narrow a match), so
 * a corrupt row can never quietly switch the block off. The database's type
 * constraint keeps such rows out; this is the second line.
 */
export function parseFlags(rows: { key: string; value: unknown }[]): InadimplenciaFlags {
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const closed = { enabled: true, enforcementServerEnabled: true, requireGuardian: false, requireSameSchool: false };
  const bool = (k: keyof typeof closed) =>
    byKey.has(FLAG_KEYS[k]) ? toBool(byKey.get(FLAG_KEYS[k]), closed[k]) : DEFAULT_FLAGS[k];
  const banner = byKey.get(FLAG_KEYS.bannerMessage);
  return {
    enabled: bool("enabled"),
    enforcementServerEnabled: bool("enforcementServerEnabled"),
    bannerMessage: typeof banner === "string" && banner.trim() ? banner : DEFAULT_FLAGS.bannerMessage,
    requireGuardian: bool("requireGuardian"),
    requireSameSchool: bool("requireSameSchool"),
    cacheTtlMs: toTtl(byKey.get(FLAG_KEYS.cacheTtlMs)),
  };
}

/**
 * The flags as they are now, read inside the caller's transaction (RLS limits
 * system_config to the request's tenant). Finalize uses this, never the cache:
 * switching enforcement on must bind the very next attempt.
 */
export async function readFlags(tx: Tx): Promise<InadimplenciaFlags> {
  const r = await tx.execute(sql`select key, value from system_config
    where tenant_id = app_tenant() and key like 'rematricula.inadimplencia.%'`);
  return parseFlags(rowsOf<{ key: string; value: unknown }>(r));
}

// Per process and per tenant. Only the interface reads through it (banner text,
// whether to show the badge); the check itself reads the flags in SQL. Each
// instance keeps its own copy for at most the tenant's cache_ttl_ms (SPEC §4).
const cache = new Map<string, { flags: InadimplenciaFlags; expiresAt: number }>();

export async function getFlags(ctx: TenantContext, now: () => number = Date.now): Promise<InadimplenciaFlags> {
  const hit = cache.get(ctx.tenantId);
  if (hit && hit.expiresAt > now()) return hit.flags;
  const flags = await withTenant(ctx, readFlags);
  if (flags.cacheTtlMs > 0) cache.set(ctx.tenantId, { flags, expiresAt: now() + flags.cacheTtlMs });
  else cache.delete(ctx.tenantId);
  return flags;
}

/** Drops this process's copy, e.g. right after an admin saved the tenant's flags. */
export function invalidateFlags(tenantId?: string): void {
  if (tenantId) cache.delete(tenantId);
  else cache.clear();
}

import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

export const systemConfig = pgTable(
  "system_config",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    // Flags are typed (SPEC §4): a boolean flag holds a JSON boolean and nothing
    // else, so no reader can mistake a stray string for "off".
    check("system_config_value_type_check", sql`case ${t.key}
      when 'rematricula.inadimplencia.enabled' then jsonb_typeof(${t.value}) = 'boolean'
      when 'rematricula.inadimplencia.enforcement.server_enabled' then jsonb_typeof(${t.value}) = 'boolean'
      when 'rematricula.inadimplencia.match.require_guardian' then jsonb_typeof(${t.value}) = 'boolean'
      when 'rematricula.inadimplencia.match.require_same_school' then jsonb_typeof(${t.value}) = 'boolean'
      when 'rematricula.inadimplencia.ui.banner_message' then jsonb_typeof(${t.value}) = 'string'
        and length(btrim(${t.value} #>> '{}')) between 1 and 300
      when 'rematricula.inadimplencia.cache_ttl_ms' then jsonb_typeof(${t.value}) = 'number'
        and (${t.value} #>> '{}')::numeric between 0 and 86400000
      when 'escola.ano_letivo' then jsonb_typeof(${t.value}) = 'number' and (${t.value} #>> '{}') ~ '^20[0-9]{2}$'
      else true end`),
    // Retention periods in months (migration 0018), within the limits of lib/privacy/retention.ts.
    check("system_config_retention_check", sql`case ${t.key}
      when 'privacidade.retencao.inadimplentes_meses' then jsonb_typeof(${t.value}) = 'number'
        and (${t.value} #>> '{}') ~ '^[0-9]{1,3}$' and (${t.value} #>> '{}')::int between 6 and 120
      when 'privacidade.retencao.eventos_meses' then jsonb_typeof(${t.value}) = 'number'
        and (${t.value} #>> '{}') ~ '^[0-9]{1,3}$' and (${t.value} #>> '{}')::int between 13 and 120
      when 'privacidade.retencao.importacoes_meses' then jsonb_typeof(${t.value}) = 'number'
        and (${t.value} #>> '{}') ~ '^[0-9]{1,3}$' and (${t.value} #>> '{}')::int between 1 and 120
      else true end`),
  ],
);

// Append-only trail of the administrative changes other than the list itself:
// flags, liberações, memberships, students. Written by triggers only.
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: bigserial("id", { mode: "number" }).notNull(),
    entity: text("entity").notNull(),
    entityKey: text("entity_key").notNull(),
    action: text("action").notNull(),
    actor: uuid("actor"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_log_entity_idx").on(t.tenantId, t.entity, t.entityKey),
    index("audit_log_at_idx").on(t.tenantId, t.at.desc()),
  ],
);

// Every export of school data as a file: who, when, which filters, how many rows.
// Written by app_record_export only; admins read it.
export const exportLog = pgTable(
  "export_log",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: bigserial("id", { mode: "number" }).notNull(),
    kind: text("kind").notNull(),
    actor: uuid("actor"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    filters: jsonb("filters").notNull().default(sql`'{}'::jsonb`),
    rowCount: integer("row_count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("export_log_at_idx").on(t.tenantId, t.at.desc()),
    check("export_log_kind_check", sql`${t.kind} in ('rematricula','inadimplentes','import_errors','titular')`),
  ],
);

CREATE TABLE "audit_log" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"entity" text NOT NULL,
	"entity_key" text NOT NULL,
	"action" text NOT NULL,
	"actor" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "audit_log_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"mode" text NOT NULL,
	"author" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"deactivated" integer DEFAULT 0 NOT NULL,
	"invalid" integer DEFAULT 0 NOT NULL,
	"warnings" integer DEFAULT 0 NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	CONSTRAINT "import_batches_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "import_batches_mode_check" CHECK ("import_batches"."mode" in ('upsert','replace'))
);
--> statement-breakpoint
ALTER TABLE "inadimplentes_audit" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "liberacoes" ADD COLUMN "revoked_by" uuid;--> statement-breakpoint
ALTER TABLE "rematriculas" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rematriculas" ADD COLUMN "cancelled_by" uuid;--> statement-breakpoint
ALTER TABLE "rematriculas" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("tenant_id","entity","entity_key");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("tenant_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "import_batches_created_idx" ON "import_batches" USING btree ("tenant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inadimplentes_audit_batch_idx" ON "inadimplentes_audit" USING btree ("tenant_id","batch_id");--> statement-breakpoint
CREATE INDEX "inadimplentes_audit_at_idx" ON "inadimplentes_audit" USING btree ("tenant_id","at" DESC NULLS LAST);--> statement-breakpoint
-- Booleans once stored as text ('true', 'on') become JSON booleans before the
-- type check binds; anything that is no boolean at all fails this migration loudly.
UPDATE "system_config" SET "value" = to_jsonb(("value" #>> '{}')::boolean)
WHERE "key" IN ('rematricula.inadimplencia.enabled', 'rematricula.inadimplencia.enforcement.server_enabled',
  'rematricula.inadimplencia.match.require_guardian', 'rematricula.inadimplencia.match.require_same_school')
  AND jsonb_typeof("value") <> 'boolean';--> statement-breakpoint
ALTER TABLE "system_config" ADD CONSTRAINT "system_config_value_type_check" CHECK (case "system_config"."key"
      when 'rematricula.inadimplencia.enabled' then jsonb_typeof("system_config"."value") = 'boolean'
      when 'rematricula.inadimplencia.enforcement.server_enabled' then jsonb_typeof("system_config"."value") = 'boolean'
      when 'rematricula.inadimplencia.match.require_guardian' then jsonb_typeof("system_config"."value") = 'boolean'
      when 'rematricula.inadimplencia.match.require_same_school' then jsonb_typeof("system_config"."value") = 'boolean'
      when 'rematricula.inadimplencia.ui.banner_message' then jsonb_typeof("system_config"."value") = 'string'
        and length(btrim("system_config"."value" #>> '{}')) between 1 and 300
      when 'rematricula.inadimplencia.cache_ttl_ms' then jsonb_typeof("system_config"."value") = 'number'
        and ("system_config"."value" #>> '{}')::numeric between 0 and 86400000
      else true end);
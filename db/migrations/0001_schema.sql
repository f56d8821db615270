CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "unidades" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "unidades_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "unidades_tenant_name_key" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "alunos" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"nome" text NOT NULL,
	"nome_norm" text GENERATED ALWAYS AS (norm_text(nome)) STORED NOT NULL,
	"cpf" text,
	"data_nascimento" date,
	"telefone" text,
	"responsavel_nome" text,
	"responsavel_nome_norm" text GENERATED ALWAYS AS (norm_text(responsavel_nome)) STORED,
	"responsavel_telefone" text,
	"unidade" text,
	"serie" text,
	"turma" text,
	"ano_letivo" integer,
	"status" text DEFAULT 'ativo' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alunos_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "alunos_tenant_user_key" UNIQUE("tenant_id","user_id"),
	CONSTRAINT "alunos_tenant_cpf_key" UNIQUE("tenant_id","cpf"),
	CONSTRAINT "alunos_status_check" CHECK ("alunos"."status" in ('ativo','inativo','transferido','concluinte')),
	CONSTRAINT "alunos_cpf_digits_check" CHECK ("alunos"."cpf" ~ '^[0-9]{11}$')
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_tenant_id_user_id_role_pk" PRIMARY KEY("tenant_id","user_id","role"),
	CONSTRAINT "memberships_role_check" CHECK ("memberships"."role" in ('aluno','professor','secretaria','financeiro','coordenador','admin','superadmin'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"password_hash" text NOT NULL,
	"last_tenant_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_config" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "system_config_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inadimplentes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"codigo_inadim" text,
	"student_name" text NOT NULL,
	"guardian1_name" text,
	"student_escola" text,
	"meses_inadim" integer,
	"student_name_norm" text GENERATED ALWAYS AS (norm_text(student_name)) STORED NOT NULL,
	"guardian1_name_norm" text GENERATED ALWAYS AS (norm_text(guardian1_name)) STORED,
	"student_escola_norm" text GENERATED ALWAYS AS (norm_text(student_escola)) STORED,
	"source" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"deleted_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "inadimplentes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inadimplentes_audit" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"inadimplente_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "inadimplentes_audit_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "liberacoes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"aluno_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "liberacoes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "rematricula_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"aluno_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"codigo_inadim" text,
	"meses_inadim" integer,
	CONSTRAINT "rematricula_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rematricula_events_kind_check" CHECK ("rematricula_events"."kind" in ('blocked','would_block'))
);
--> statement-breakpoint
CREATE TABLE "rematriculas" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"aluno_id" uuid NOT NULL,
	"ano_letivo" integer NOT NULL,
	"status" text DEFAULT 'concluida' NOT NULL,
	"serie_destino" text,
	"finalized_by" uuid,
	"finalized_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rematriculas_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rematriculas_aluno_ano_key" UNIQUE("tenant_id","aluno_id","ano_letivo"),
	CONSTRAINT "rematriculas_status_check" CHECK ("rematriculas"."status" in ('concluida','cancelada'))
);
--> statement-breakpoint
ALTER TABLE "unidades" ADD CONSTRAINT "unidades_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alunos" ADD CONSTRAINT "alunos_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alunos" ADD CONSTRAINT "alunos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alunos" ADD CONSTRAINT "alunos_tenant_id_unidade_unidades_tenant_id_name_fk" FOREIGN KEY ("tenant_id","unidade") REFERENCES "public"."unidades"("tenant_id","name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_last_tenant_id_tenants_id_fk" FOREIGN KEY ("last_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_config" ADD CONSTRAINT "system_config_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inadimplentes" ADD CONSTRAINT "inadimplentes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inadimplentes_audit" ADD CONSTRAINT "inadimplentes_audit_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liberacoes" ADD CONSTRAINT "liberacoes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liberacoes" ADD CONSTRAINT "liberacoes_tenant_id_aluno_id_alunos_tenant_id_id_fk" FOREIGN KEY ("tenant_id","aluno_id") REFERENCES "public"."alunos"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rematricula_events" ADD CONSTRAINT "rematricula_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rematricula_events" ADD CONSTRAINT "rematricula_events_tenant_id_aluno_id_alunos_tenant_id_id_fk" FOREIGN KEY ("tenant_id","aluno_id") REFERENCES "public"."alunos"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rematriculas" ADD CONSTRAINT "rematriculas_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rematriculas" ADD CONSTRAINT "rematriculas_tenant_id_aluno_id_alunos_tenant_id_id_fk" FOREIGN KEY ("tenant_id","aluno_id") REFERENCES "public"."alunos"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alunos_nome_norm_idx" ON "alunos" USING btree ("tenant_id","nome_norm");--> statement-breakpoint
CREATE INDEX "alunos_nome_trgm_idx" ON "alunos" USING gin ("nome_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "alunos_responsavel_trgm_idx" ON "alunos" USING gin ("responsavel_nome_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "inadimplentes_active_key" ON "inadimplentes" USING btree ("tenant_id","student_name_norm",coalesce("guardian1_name_norm", ''),coalesce("student_escola_norm", '')) WHERE "inadimplentes"."is_active";--> statement-breakpoint
CREATE INDEX "inadimplentes_active_name_idx" ON "inadimplentes" USING btree ("tenant_id","student_name_norm") WHERE "inadimplentes"."is_active";--> statement-breakpoint
CREATE INDEX "inadimplentes_updated_at_idx" ON "inadimplentes" USING btree ("tenant_id","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inadimplentes_audit_row_idx" ON "inadimplentes_audit" USING btree ("tenant_id","inadimplente_id");--> statement-breakpoint
CREATE INDEX "liberacoes_aluno_idx" ON "liberacoes" USING btree ("tenant_id","aluno_id","valid_until");--> statement-breakpoint
CREATE INDEX "rematricula_events_at_idx" ON "rematricula_events" USING btree ("tenant_id","at");
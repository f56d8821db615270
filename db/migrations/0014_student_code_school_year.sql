-- Issue 17: the student's school code (matrícula/RA) and the school's year.

-- The code as the school's academic system writes it: text, so leading zeros
-- stay; letters upper case, no spaces, separators . - / only (lib/people/matricula.ts
-- normalises typed input to this form first, with a message per mistake).
ALTER TABLE public.alunos ADD COLUMN matricula text;
--> statement-breakpoint
ALTER TABLE public.alunos ADD CONSTRAINT alunos_matricula_format_check
  CHECK (matricula ~ '^[0-9A-Z][0-9A-Z./-]{0,29}$');
--> statement-breakpoint
-- Unique in the school when present, like the CPF. text_pattern_ops so that the
-- same index serves the prefix search of the lists under any collation.
CREATE UNIQUE INDEX alunos_tenant_matricula_key ON public.alunos (tenant_id, matricula text_pattern_ops)
  WHERE matricula IS NOT NULL;
--> statement-breakpoint
-- The school's current year is a per-school setting (system_config
-- 'escola.ano_letivo'): written by admins only and audited, like the flags.
ALTER TABLE public.system_config DROP CONSTRAINT system_config_value_type_check;
--> statement-breakpoint
ALTER TABLE public.system_config ADD CONSTRAINT system_config_value_type_check CHECK (case key
      when 'rematricula.inadimplencia.enabled' then jsonb_typeof(value) = 'boolean'
      when 'rematricula.inadimplencia.enforcement.server_enabled' then jsonb_typeof(value) = 'boolean'
      when 'rematricula.inadimplencia.match.require_guardian' then jsonb_typeof(value) = 'boolean'
      when 'rematricula.inadimplencia.match.require_same_school' then jsonb_typeof(value) = 'boolean'
      when 'rematricula.inadimplencia.ui.banner_message' then jsonb_typeof(value) = 'string'
        and length(btrim(value #>> '{}')) between 1 and 300
      when 'rematricula.inadimplencia.cache_ttl_ms' then jsonb_typeof(value) = 'number'
        and (value #>> '{}')::numeric between 0 and 86400000
      when 'escola.ano_letivo' then jsonb_typeof(value) = 'number' and (value #>> '{}') ~ '^20[0-9]{2}$'
      else true end);
--> statement-breakpoint
-- A school that already has students is in the year most of them are in; one
-- without students, in the calendar year.
INSERT INTO public.system_config (tenant_id, key, value)
SELECT t.id, 'escola.ano_letivo', to_jsonb(coalesce(
  (SELECT mode() WITHIN GROUP (ORDER BY a.ano_letivo) FROM public.alunos a
   WHERE a.tenant_id = t.id AND a.ano_letivo BETWEEN 2000 AND 2099),
  extract(year FROM current_date)::int))
FROM public.tenants t
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- New schools start in the calendar year, with the flag defaults of SPEC §4.
CREATE OR REPLACE FUNCTION public.tenant_config_defaults() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO public.system_config (tenant_id, key, value) VALUES
    (NEW.id, 'rematricula.inadimplencia.enabled', 'false'),
    (NEW.id, 'rematricula.inadimplencia.enforcement.server_enabled', 'false'),
    (NEW.id, 'rematricula.inadimplencia.ui.banner_message', '"Verificar situação com a Tesouraria"'),
    (NEW.id, 'rematricula.inadimplencia.match.require_guardian', 'false'),
    (NEW.id, 'rematricula.inadimplencia.match.require_same_school', 'false'),
    (NEW.id, 'rematricula.inadimplencia.cache_ttl_ms', '300000'),
    (NEW.id, 'escola.ano_letivo', to_jsonb(extract(year FROM current_date)::int))
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- "Encerrar o ano letivo": one row per turn of a school's year, with who, when,
-- the admin's choice and the counts. At most one turn of a given year that is
-- not undone: the database's own guard against moving students two years.
CREATE TABLE public.ano_letivo_batches (
  tenant_id uuid NOT NULL REFERENCES public.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  from_year integer NOT NULL,
  to_year integer NOT NULL,
  deactivate boolean NOT NULL,
  author uuid,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  promoted integer NOT NULL DEFAULT 0,
  concluded integer NOT NULL DEFAULT 0,
  deactivated integer NOT NULL DEFAULT 0,
  kept integer NOT NULL DEFAULT 0,
  undone_at timestamp with time zone,
  undone_by uuid,
  CONSTRAINT ano_letivo_batches_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT ano_letivo_batches_years_check CHECK (to_year = from_year + 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX ano_letivo_batches_year_key ON public.ano_letivo_batches (tenant_id, from_year)
  WHERE undone_at IS NULL;
--> statement-breakpoint
-- Each student a turn changed, before and after: what undo puts back, and what
-- tells whether the student changed since.
CREATE TABLE public.ano_letivo_batch_alunos (
  tenant_id uuid NOT NULL,
  batch_id uuid NOT NULL,
  aluno_id uuid NOT NULL,
  outcome text NOT NULL,
  before_serie text,
  before_turma text,
  before_ano_letivo integer,
  before_status text NOT NULL,
  after_serie text,
  after_turma text,
  after_ano_letivo integer,
  after_status text NOT NULL,
  CONSTRAINT ano_letivo_batch_alunos_pkey PRIMARY KEY (tenant_id, batch_id, aluno_id),
  CONSTRAINT ano_letivo_batch_alunos_batch_fk FOREIGN KEY (tenant_id, batch_id)
    REFERENCES public.ano_letivo_batches (tenant_id, id),
  CONSTRAINT ano_letivo_batch_alunos_aluno_fk FOREIGN KEY (tenant_id, aluno_id)
    REFERENCES public.alunos (tenant_id, id),
  CONSTRAINT ano_letivo_batch_alunos_outcome_check CHECK (outcome in ('promoted', 'concluded', 'deactivated'))
);
--> statement-breakpoint
CREATE INDEX ano_letivo_batch_alunos_aluno_idx ON public.ano_letivo_batch_alunos (tenant_id, aluno_id);
--> statement-breakpoint
-- The school's admins only, for reading and writing: the turn moves every
-- student of the school.
ALTER TABLE public.ano_letivo_batches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ano_letivo_batches FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ano_letivo_batch_alunos ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ano_letivo_batch_alunos FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ano_letivo_batches_read ON public.ano_letivo_batches FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
CREATE POLICY ano_letivo_batches_insert ON public.ano_letivo_batches FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
CREATE POLICY ano_letivo_batches_update ON public.ano_letivo_batches FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()))
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
CREATE POLICY ano_letivo_batch_alunos_read ON public.ano_letivo_batch_alunos FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
CREATE POLICY ano_letivo_batch_alunos_insert ON public.ano_letivo_batch_alunos FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON public.ano_letivo_batches TO rematricula_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON public.ano_letivo_batch_alunos TO rematricula_app;

-- Tenant isolation, grants and the invariants the database keeps whatever code runs.

-- Whether the request's user holds one of these roles in the request's tenant.
-- SECURITY DEFINER so policies can ask it without exposing memberships; it reads
-- the memberships table, never a setting the application could forge.
CREATE OR REPLACE FUNCTION public.app_has_role(wanted text[]) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.memberships m
    WHERE m.tenant_id = public.app_tenant() AND m.user_id = public.app_user()
      AND m.active AND m.role = ANY (wanted))
$$;
--> statement-breakpoint
-- Sign-in needs the password hash before any tenant is known; the app role cannot
-- read that column, so this is the only way to it.
CREATE OR REPLACE FUNCTION public.auth_user_by_email(p_email text)
RETURNS TABLE (id uuid, name text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT u.id, u.name, u.password_hash FROM public.users u WHERE lower(u.email) = lower(btrim(p_email)) $$;
--> statement-breakpoint
-- Seed 000: a membership with role 'aluno' materialises the student's record in
-- that school. Upsert on the (tenant_id, user_id) key, so concurrent inserts end
-- in one row. A missing user creates nothing. A user without a phone keeps the
-- phone staff recorded on the student (seed 000: COALESCE for incomplete data).
CREATE OR REPLACE FUNCTION public.ensure_aluno_from_membership() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  u record;
BEGIN
  IF NEW.role <> 'aluno' OR NOT NEW.active THEN
    RETURN NEW;
  END IF;
  SELECT name, phone INTO u FROM public.users WHERE id = NEW.user_id;
  IF NOT FOUND THEN
    RETURN NEW;
  END IF;
  INSERT INTO public.alunos (tenant_id, user_id, nome, telefone, status)
  VALUES (NEW.tenant_id, NEW.user_id, u.name, u.phone, 'ativo')
  ON CONFLICT (tenant_id, user_id)
  DO UPDATE SET nome = EXCLUDED.nome, telefone = coalesce(EXCLUDED.telefone, alunos.telefone),
    updated_at = now();
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_ensure_aluno
AFTER INSERT OR UPDATE OF role, active ON public.memberships
FOR EACH ROW EXECUTE FUNCTION public.ensure_aluno_from_membership();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.sync_alunos_from_user() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  UPDATE public.alunos SET nome = NEW.name, telefone = NEW.phone, updated_at = now()
  WHERE user_id = NEW.id;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_sync_alunos
AFTER UPDATE OF name, phone ON public.users
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone)
EXECUTE FUNCTION public.sync_alunos_from_user();
--> statement-breakpoint
-- New tenants start with the flag defaults of SPEC §4, which change nothing.
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
    (NEW.id, 'rematricula.inadimplencia.cache_ttl_ms', '300000')
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tenants_config_defaults
AFTER INSERT ON public.tenants
FOR EACH ROW EXECUTE FUNCTION public.tenant_config_defaults();
--> statement-breakpoint
-- Every change to the delinquent list is audited by the database itself. The
-- application may name the action (import, import undo) with app.audit_action.
CREATE OR REPLACE FUNCTION public.inadimplentes_touch() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  NEW.updated_by := coalesce(public.app_user(), NEW.updated_by);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER inadimplentes_touch
BEFORE UPDATE ON public.inadimplentes
FOR EACH ROW EXECUTE FUNCTION public.inadimplentes_touch();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.inadimplentes_audit_row() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  act text := nullif(current_setting('app.audit_action', true), '');
BEGIN
  IF act IS NULL THEN
    act := CASE
      WHEN TG_OP = 'INSERT' THEN 'insert'
      WHEN OLD.is_active AND NOT NEW.is_active THEN 'soft_delete'
      WHEN NOT OLD.is_active AND NEW.is_active THEN 'restore'
      ELSE 'update' END;
  END IF;
  INSERT INTO public.inadimplentes_audit (tenant_id, inadimplente_id, action, actor, before, after)
  VALUES (NEW.tenant_id, NEW.id, act, public.app_user(),
          CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER inadimplentes_audit_row
AFTER INSERT OR UPDATE ON public.inadimplentes
FOR EACH ROW EXECUTE FUNCTION public.inadimplentes_audit_row();
--> statement-breakpoint
-- Append-only, even for roles that own the table.
CREATE OR REPLACE FUNCTION public.audit_is_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION 'inadimplentes_audit is append-only'; END $$;
--> statement-breakpoint
CREATE TRIGGER inadimplentes_audit_append_only
BEFORE UPDATE OR DELETE ON public.inadimplentes_audit
FOR EACH STATEMENT EXECUTE FUNCTION public.audit_is_append_only();
--> statement-breakpoint
-- SPEC §5: the only door to the delinquent list for staff without a finance
-- role. For a page of students of the request's tenant it answers, in one query,
-- whether each is delinquent, honouring the tenant's flags and valid liberações,
-- and nothing more than the three fields of the contract.
CREATE OR REPLACE FUNCTION public.check_inadimplencia(p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH cfg AS (
    SELECT
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.enabled'), false) AS enabled,
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_guardian'), false) AS require_guardian,
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_same_school'), false) AS require_same_school
    FROM public.system_config c
    WHERE c.tenant_id = public.app_tenant()
      AND c.key IN ('rematricula.inadimplencia.enabled',
                    'rematricula.inadimplencia.match.require_guardian',
                    'rematricula.inadimplencia.match.require_same_school')
  )
  SELECT a.id, coalesce(m.hit, false), m.meses_inadim, m.codigo_inadim
  FROM cfg
  CROSS JOIN public.alunos a
  LEFT JOIN LATERAL (
    SELECT true AS hit, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplentes i
    WHERE cfg.enabled
      AND i.tenant_id = a.tenant_id
      AND i.is_active
      AND i.student_name_norm = a.nome_norm
      AND (NOT cfg.require_guardian OR nullif(a.responsavel_nome_norm, '') IS NULL
           OR i.guardian1_name_norm = a.responsavel_nome_norm)
      AND (NOT cfg.require_same_school OR nullif(btrim(a.unidade), '') IS NULL
           OR i.student_escola_norm = public.norm_text(a.unidade))
      AND NOT EXISTS (
        SELECT 1 FROM public.liberacoes l
        WHERE l.tenant_id = a.tenant_id AND l.aluno_id = a.id
          AND l.revoked_at IS NULL AND l.valid_until > now())
    ORDER BY i.meses_inadim DESC NULLS LAST, i.codigo_inadim
    LIMIT 1
  ) m ON true
  WHERE a.tenant_id = public.app_tenant() AND a.id = ANY (p_aluno_ids)
$$;
--> statement-breakpoint
-- Row-level security: every tenant table, enabled and forced.
ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenants_visible ON public.tenants FOR SELECT TO rematricula_app
USING (id = (SELECT public.app_tenant()) OR EXISTS (
  SELECT 1 FROM public.memberships m
  WHERE m.tenant_id = tenants.id AND m.user_id = (SELECT public.app_user()) AND m.active));
--> statement-breakpoint
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A user sees themself and the members of the request's tenant, nobody else.
CREATE POLICY users_visible ON public.users FOR SELECT TO rematricula_app
USING (id = (SELECT public.app_user()) OR EXISTS (
  SELECT 1 FROM public.memberships m
  WHERE m.user_id = users.id AND m.tenant_id = (SELECT public.app_tenant())));
--> statement-breakpoint
CREATE POLICY users_update_self ON public.users FOR UPDATE TO rematricula_app
USING (id = (SELECT public.app_user())) WITH CHECK (id = (SELECT public.app_user()));
--> statement-breakpoint
ALTER TABLE public.memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Besides the tenant's memberships, users see their own in every school (for the
-- tenant selector); writes stay inside the request's tenant.
CREATE POLICY memberships_read ON public.memberships FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) OR user_id = (SELECT public.app_user()));
--> statement-breakpoint
CREATE POLICY memberships_insert ON public.memberships FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()));
--> statement-breakpoint
CREATE POLICY memberships_update ON public.memberships FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant())) WITH CHECK (tenant_id = (SELECT public.app_tenant()));
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['unidades', 'alunos', 'system_config', 'rematriculas', 'rematricula_events'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON public.%I TO rematricula_app USING (tenant_id = (SELECT public.app_tenant())) WITH CHECK (tenant_id = (SELECT public.app_tenant()))', t || '_tenant', t);
  END LOOP;
  -- The delinquent list, its audit and its exceptions: finance roles only. Other
  -- staff reach the list through check_inadimplencia alone.
  FOREACH t IN ARRAY ARRAY['inadimplentes', 'inadimplentes_audit', 'liberacoes'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON public.%I TO rematricula_app
      USING (tenant_id = (SELECT public.app_tenant())
             AND (SELECT public.app_has_role(ARRAY['financeiro','coordenador','admin','superadmin'])))
      WITH CHECK (tenant_id = (SELECT public.app_tenant())
             AND (SELECT public.app_has_role(ARRAY['financeiro','coordenador','admin','superadmin'])))$p$,
      t || '_finance', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Grants: the least the application needs. No DELETE anywhere but the throttle:
-- rows are deactivated, never removed.
GRANT USAGE ON SCHEMA public TO rematricula_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO rematricula_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO rematricula_app;
--> statement-breakpoint
GRANT SELECT ON public.tenants TO rematricula_app;
--> statement-breakpoint
GRANT SELECT (id, email, name, phone, last_tenant_id, created_at, updated_at) ON public.users TO rematricula_app;
--> statement-breakpoint
GRANT UPDATE (name, phone, last_tenant_id, updated_at) ON public.users TO rematricula_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON public.memberships, public.unidades, public.alunos, public.system_config,
  public.rematriculas, public.inadimplentes, public.liberacoes TO rematricula_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON public.inadimplentes_audit, public.rematricula_events TO rematricula_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE public.inadimplentes_audit_id_seq TO rematricula_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.login_throttle TO rematricula_app;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.app_has_role(text[]), public.auth_user_by_email(text),
  public.check_inadimplencia(uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_has_role(text[]), public.auth_user_by_email(text),
  public.check_inadimplencia(uuid[]) TO rematricula_app;

-- SPEC §5: every write policy checks the role as well as the tenant, so a
-- secretaria's transaction cannot write the list, the flags, the memberships or
-- the audit whatever the application code does. Reads stay per tenant (the
-- delinquent list and its trail stay finance-only, as before).

-- The role groups of SPEC §1, named once so that policies read as the matrix does.
CREATE OR REPLACE FUNCTION public.app_is_finance() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT public.app_has_role(ARRAY['financeiro', 'coordenador', 'admin', 'superadmin']) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.app_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT public.app_has_role(ARRAY['admin', 'superadmin']) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.app_can_reenroll() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT public.app_has_role(ARRAY['secretaria', 'coordenador', 'admin', 'superadmin']) $$;
--> statement-breakpoint
DROP POLICY unidades_tenant ON public.unidades;
--> statement-breakpoint
DROP POLICY alunos_tenant ON public.alunos;
--> statement-breakpoint
DROP POLICY system_config_tenant ON public.system_config;
--> statement-breakpoint
DROP POLICY rematriculas_tenant ON public.rematriculas;
--> statement-breakpoint
DROP POLICY rematricula_events_tenant ON public.rematricula_events;
--> statement-breakpoint
DROP POLICY memberships_insert ON public.memberships;
--> statement-breakpoint
DROP POLICY memberships_update ON public.memberships;
--> statement-breakpoint
DROP POLICY inadimplentes_audit_finance ON public.inadimplentes_audit;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['unidades', 'alunos', 'system_config', 'rematriculas'] LOOP
    EXECUTE format('CREATE POLICY %I ON public.%I FOR SELECT TO rematricula_app USING (tenant_id = (SELECT public.app_tenant()))',
      t || '_read', t);
  END LOOP;
  -- Campuses, students and flags: the school's admins only.
  FOREACH t IN ARRAY ARRAY['unidades', 'system_config'] LOOP
    EXECUTE format($p$CREATE POLICY %I ON public.%I FOR INSERT TO rematricula_app
      WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()))$p$, t || '_insert', t);
    EXECUTE format($p$CREATE POLICY %I ON public.%I FOR UPDATE TO rematricula_app
      USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()))
      WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()))$p$, t || '_update', t);
  END LOOP;
  -- Audit trails and the import history are read by finance; only triggers
  -- (as the owner) write the trails.
  FOREACH t IN ARRAY ARRAY['inadimplentes_audit', 'rematricula_events'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON public.%I FOR SELECT TO rematricula_app
      USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_finance()))$p$, t || '_read', t);
  END LOOP;
  -- The people part of the trail (memberships, students' records) is the admins'.
  ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;
  ALTER TABLE public.audit_log FORCE ROW LEVEL SECURITY;
  CREATE POLICY audit_log_read ON public.audit_log FOR SELECT TO rematricula_app
    USING (tenant_id = (SELECT public.app_tenant()) AND ((SELECT public.app_is_admin())
      OR (entity IN ('system_config', 'liberacao') AND (SELECT public.app_is_finance()))));
  ALTER TABLE public.import_batches ENABLE ROW LEVEL SECURITY;
  ALTER TABLE public.import_batches FORCE ROW LEVEL SECURITY;
  CREATE POLICY import_batches_finance ON public.import_batches TO rematricula_app
    USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_finance()))
    WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_finance()));
END
$$;
--> statement-breakpoint
CREATE POLICY alunos_insert ON public.alunos FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
-- Finalize locks the student row (SELECT … FOR UPDATE), which PostgreSQL checks
-- against this USING clause; the WITH CHECK keeps the actual change to admins.
CREATE POLICY alunos_update ON public.alunos FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_can_reenroll() OR public.app_is_admin()))
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
-- Re-enrolling is for the rematrícula roles; cancelling (SPEC §6) for the
-- coordenação and admins only.
CREATE POLICY rematriculas_insert ON public.rematriculas FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND status = 'concluida' AND (SELECT public.app_can_reenroll()));
--> statement-breakpoint
CREATE POLICY rematriculas_update ON public.rematriculas FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_can_reenroll()))
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND CASE status
  WHEN 'concluida' THEN (SELECT public.app_can_reenroll())
  ELSE (SELECT public.app_has_role(ARRAY['coordenador', 'admin', 'superadmin'])) END);
--> statement-breakpoint
CREATE POLICY rematricula_events_insert ON public.rematricula_events FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_can_reenroll()));
--> statement-breakpoint
-- Only admins write memberships, and only a superadmin hands out superadmin: an
-- admin cannot raise anyone, themself included, above admin.
CREATE POLICY memberships_insert ON public.memberships FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin())
  AND (role <> 'superadmin' OR (SELECT public.app_has_role(ARRAY['superadmin']))));
--> statement-breakpoint
CREATE POLICY memberships_update ON public.memberships FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()))
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin())
  AND (role <> 'superadmin' OR (SELECT public.app_has_role(ARRAY['superadmin']))));
--> statement-breakpoint
-- The list's audit rows are written by the trigger alone (as the owner): the app
-- role can read them, never forge one. The batch id ties import changes to
-- their batch, for the history and for undo.
CREATE OR REPLACE FUNCTION public.inadimplentes_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
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
  INSERT INTO public.inadimplentes_audit (tenant_id, inadimplente_id, action, actor, before, after, batch_id)
  VALUES (NEW.tenant_id, NEW.id, act, public.app_user(),
          CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW),
          nullif(current_setting('app.import_batch', true), '')::uuid);
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE INSERT ON public.inadimplentes_audit FROM rematricula_app;
--> statement-breakpoint
REVOKE USAGE ON SEQUENCE public.inadimplentes_audit_id_seq FROM rematricula_app;
--> statement-breakpoint
-- One trail for flags, liberações, memberships and students. TG_ARGV[0] names the
-- entity, the other arguments the columns that identify the row.
CREATE OR REPLACE FUNCTION public.audit_log_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  row_json jsonb := to_jsonb(NEW);
  entity_key text := '';
  i int;
BEGIN
  FOR i IN 1 .. TG_NARGS - 1 LOOP
    entity_key := entity_key || CASE WHEN i > 1 THEN ':' ELSE '' END || coalesce(row_json ->> TG_ARGV[i], '');
  END LOOP;
  INSERT INTO public.audit_log (tenant_id, entity, entity_key, action, actor, before, after)
  VALUES (NEW.tenant_id, TG_ARGV[0], entity_key,
          coalesce(nullif(current_setting('app.audit_action', true), ''), lower(TG_OP)),
          public.app_user(), CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, row_json);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER system_config_audit AFTER INSERT OR UPDATE ON public.system_config
FOR EACH ROW EXECUTE FUNCTION public.audit_log_row('system_config', 'key');
--> statement-breakpoint
CREATE TRIGGER liberacoes_audit AFTER INSERT OR UPDATE ON public.liberacoes
FOR EACH ROW EXECUTE FUNCTION public.audit_log_row('liberacao', 'id');
--> statement-breakpoint
CREATE TRIGGER memberships_audit AFTER INSERT OR UPDATE ON public.memberships
FOR EACH ROW EXECUTE FUNCTION public.audit_log_row('membership', 'user_id', 'role');
--> statement-breakpoint
CREATE TRIGGER alunos_audit AFTER INSERT OR UPDATE ON public.alunos
FOR EACH ROW EXECUTE FUNCTION public.audit_log_row('aluno', 'id');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
BEFORE UPDATE OR DELETE ON public.audit_log
FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_append_only();
--> statement-breakpoint
-- The check for an explicit tenant, so the rematrícula trigger below asks about
-- the row's own school. Not granted to the app: its door stays
-- check_inadimplencia, which pins the tenant to the request's.
CREATE OR REPLACE FUNCTION public.check_inadimplencia_in(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH cfg AS (
    SELECT
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.enabled'), false) AS enabled,
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_guardian'), false) AS require_guardian,
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_same_school'), false) AS require_same_school
    FROM public.system_config c
    WHERE c.tenant_id = p_tenant
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
  WHERE a.tenant_id = p_tenant AND a.id = ANY (p_aluno_ids);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.check_inadimplencia(p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
BEGIN
  RETURN QUERY SELECT * FROM public.check_inadimplencia_in(public.app_tenant(), p_aluno_ids);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.check_inadimplencia_in(uuid, uuid[]) FROM PUBLIC;
--> statement-breakpoint
-- SPEC §6: the database itself refuses a rematrícula of a delinquent student
-- while the check and the enforcement are on, whichever code path inserts it or
-- re-opens a cancelled one. With enforcement off it lets the row through and
-- records the "would have blocked" event finance watches before switching on.
CREATE OR REPLACE FUNCTION public.rematriculas_enforce_inadimplencia() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  hit record;
  enforce boolean;
BEGIN
  IF NEW.status <> 'concluida' OR (TG_OP = 'UPDATE' AND OLD.status = 'concluida') THEN
    RETURN NEW;
  END IF;
  SELECT * INTO hit FROM public.check_inadimplencia_in(NEW.tenant_id, ARRAY[NEW.aluno_id]);
  IF NOT coalesce(hit.is_inadimplente, false) THEN
    RETURN NEW;
  END IF;
  -- A flag that cannot be read raises here, which refuses the row: fail closed.
  SELECT coalesce(bool_or((c.value #>> '{}')::boolean), false) INTO enforce
  FROM public.system_config c
  WHERE c.tenant_id = NEW.tenant_id AND c.key = 'rematricula.inadimplencia.enforcement.server_enabled';
  IF enforce THEN
    RAISE EXCEPTION 'INADIMPLENCIA_BLOQUEADA' USING ERRCODE = 'RM001',
      DETAIL = 'the student is on the delinquent list and enforcement is on';
  END IF;
  INSERT INTO public.rematricula_events (tenant_id, aluno_id, kind, actor, codigo_inadim, meses_inadim)
  VALUES (NEW.tenant_id, NEW.aluno_id, 'would_block', public.app_user(), hit.codigo_inadim, hit.meses_inadim);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rematriculas_enforce_inadimplencia
BEFORE INSERT OR UPDATE OF status ON public.rematriculas
FOR EACH ROW EXECUTE FUNCTION public.rematriculas_enforce_inadimplencia();
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON public.import_batches TO rematricula_app;
--> statement-breakpoint
GRANT SELECT ON public.audit_log TO rematricula_app;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.app_is_finance(), public.app_is_admin(), public.app_can_reenroll() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_is_finance(), public.app_is_admin(), public.app_can_reenroll() TO rematricula_app;

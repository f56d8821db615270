-- Personal data by the book (LGPD, issue 21): how long each kind of row keeps
-- the personal fields, the daily purge that anonymises them (keeping the rows,
-- so counts and trends stay true), a family's requests, and their records.
--
-- Anonymised rows carry anonymized_at. Only the owner (the definer functions
-- below) may set it: the list's touch trigger refuses it from the app role, so
-- the audit trigger can skip exactly the purge's own updates without letting
-- any request write the list unaudited.
ALTER TABLE public.inadimplentes ADD COLUMN anonymized_at timestamptz;
--> statement-breakpoint
ALTER TABLE public.alunos ADD COLUMN anonymized_at timestamptz;
--> statement-breakpoint
ALTER TABLE public.import_batches ADD COLUMN anonymized_at timestamptz;
--> statement-breakpoint
-- An old event keeps its kind and time (the stats and trends count them) and
-- loses the student it named.
ALTER TABLE public.rematricula_events ALTER COLUMN aluno_id DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE public.rematricula_events ADD COLUMN anonymized_at timestamptz;
--> statement-breakpoint
-- Retention periods, in months, per school. The lower limits keep what the
-- product itself needs: 13 months of events cover the 52 weeks of the trends.
ALTER TABLE public.system_config ADD CONSTRAINT system_config_retention_check CHECK (CASE key
  WHEN 'privacidade.retencao.inadimplentes_meses' THEN jsonb_typeof(value) = 'number' AND (value #>> '{}') ~ '^[0-9]{1,3}$'
    AND (value #>> '{}')::int BETWEEN 6 AND 120
  WHEN 'privacidade.retencao.eventos_meses' THEN jsonb_typeof(value) = 'number' AND (value #>> '{}') ~ '^[0-9]{1,3}$'
    AND (value #>> '{}')::int BETWEEN 13 AND 120
  WHEN 'privacidade.retencao.importacoes_meses' THEN jsonb_typeof(value) = 'number' AND (value #>> '{}') ~ '^[0-9]{1,3}$'
    AND (value #>> '{}')::int BETWEEN 1 AND 120
  ELSE true END);
--> statement-breakpoint
ALTER TABLE public.export_log DROP CONSTRAINT export_log_kind_check;
--> statement-breakpoint
ALTER TABLE public.export_log ADD CONSTRAINT export_log_kind_check
  CHECK (kind IN ('rematricula', 'inadimplentes', 'import_errors', 'titular'));
--> statement-breakpoint
-- One purge run (the platform's): when, and the sign-in throttle rows it removed
-- (those rows belong to no school).
CREATE TABLE public.privacy_runs (
  id bigserial PRIMARY KEY,
  started_at timestamptz NOT NULL,
  login_throttle integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
-- What a run did in each school: how many rows of each kind it anonymised.
CREATE TABLE public.privacy_run_counts (
  tenant_id uuid NOT NULL REFERENCES public.tenants (id),
  run_id bigint NOT NULL REFERENCES public.privacy_runs (id),
  kind text NOT NULL,
  rows integer NOT NULL,
  CONSTRAINT privacy_run_counts_pkey PRIMARY KEY (tenant_id, run_id, kind),
  CONSTRAINT privacy_run_counts_kind_check CHECK (kind IN ('inadimplentes', 'eventos', 'importacoes'))
);
--> statement-breakpoint
-- A family's request about one student (art. 18): an access (export) or an
-- anonymisation, who handled it, when, and what came of it.
CREATE TABLE public.privacy_requests (
  tenant_id uuid NOT NULL REFERENCES public.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  aluno_id uuid NOT NULL,
  kind text NOT NULL,
  outcome text NOT NULL,
  reason text,
  actor uuid,
  at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT privacy_requests_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT privacy_requests_aluno_fk FOREIGN KEY (tenant_id, aluno_id) REFERENCES public.alunos (tenant_id, id),
  CONSTRAINT privacy_requests_kind_check CHECK (kind IN ('acesso', 'anonimizacao')),
  CONSTRAINT privacy_requests_outcome_check CHECK (outcome IN ('entregue', 'anonimizado', 'recusado'))
);
--> statement-breakpoint
CREATE INDEX privacy_requests_at_idx ON public.privacy_requests (tenant_id, at DESC);
--> statement-breakpoint
ALTER TABLE public.privacy_run_counts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.privacy_run_counts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY privacy_run_counts_read ON public.privacy_run_counts FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
ALTER TABLE public.privacy_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.privacy_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A run's time is not a school's data; admins read it next to their counts.
CREATE POLICY privacy_runs_read ON public.privacy_runs FOR SELECT TO rematricula_app
USING ((SELECT public.app_is_admin()));
--> statement-breakpoint
ALTER TABLE public.privacy_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.privacy_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY privacy_requests_read ON public.privacy_requests FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
-- Access requests are recorded by the export itself; the actor is the request's user.
CREATE POLICY privacy_requests_insert ON public.privacy_requests FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin())
  AND kind = 'acesso' AND actor = (SELECT public.app_user()));
--> statement-breakpoint
GRANT SELECT ON public.privacy_runs, public.privacy_run_counts TO rematricula_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON public.privacy_requests TO rematricula_app;
--> statement-breakpoint
-- A school's period for one kind, its default when the admin never set one.
CREATE FUNCTION public.privacy_retention_months(p_tenant uuid, p_kind text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT coalesce((SELECT (c.value #>> '{}')::int FROM public.system_config c
                   WHERE c.tenant_id = p_tenant AND c.key = 'privacidade.retencao.' || p_kind || '_meses'),
                  CASE p_kind WHEN 'inadimplentes' THEN 24 WHEN 'eventos' THEN 24 WHEN 'importacoes' THEN 12 END)
$$;
--> statement-breakpoint
-- The rows of one school past their period and not yet anonymised, as of p_at:
-- the one definition the purge and its preview share. Inactive list rows count
-- from when they stopped being active.
CREATE FUNCTION public.privacy_due(p_tenant uuid, p_at timestamptz) RETURNS TABLE (kind text, id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT 'inadimplentes', i.id FROM public.inadimplentes i
  WHERE i.tenant_id = p_tenant AND NOT i.is_active AND i.anonymized_at IS NULL
    AND coalesce(i.deleted_at, i.updated_at)
        < p_at - make_interval(months => public.privacy_retention_months(p_tenant, 'inadimplentes'))
  UNION ALL
  SELECT 'eventos', e.id FROM public.rematricula_events e
  WHERE e.tenant_id = p_tenant AND e.anonymized_at IS NULL
    AND e.at < p_at - make_interval(months => public.privacy_retention_months(p_tenant, 'eventos'))
  UNION ALL
  SELECT 'importacoes', b.id FROM public.import_batches b
  WHERE b.tenant_id = p_tenant AND b.anonymized_at IS NULL
    AND b.created_at < p_at - make_interval(months => public.privacy_retention_months(p_tenant, 'importacoes'))
$$;
--> statement-breakpoint
-- A list row's snapshot (the row itself or an audit before/after) with its
-- personal fields replaced: what the statistics read (is_active, school,
-- months, times) stays as it was.
CREATE FUNCTION public.privacy_mask_list_row(p_row jsonb, p_id uuid) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN p_row IS NULL THEN NULL ELSE p_row || jsonb_build_object(
    'student_name', 'Anonimizado ' || left(p_id::text, 8),
    'student_name_norm', public.norm_text('Anonimizado ' || left(p_id::text, 8)),
    'guardian1_name', NULL, 'guardian1_name_norm', NULL, 'codigo_inadim', NULL,
    'deleted_reason', CASE WHEN p_row ->> 'deleted_reason' IS NULL THEN NULL ELSE 'Anonimizado' END,
    'anonymized_at', coalesce(p_row -> 'anonymized_at', 'true'::jsonb)) END
$$;
--> statement-breakpoint
-- The trails are append-only for everyone, except the anonymisation: the
-- owner's definer functions set app.privacy_purge, and the app role, which
-- holds no UPDATE on the trails anyway, never runs as the owner.
CREATE OR REPLACE FUNCTION public.audit_is_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_user <> 'rematricula_app' AND current_setting('app.privacy_purge', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'inadimplentes_audit is append-only';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_user <> 'rematricula_app' AND current_setting('app.privacy_purge', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
--> statement-breakpoint
-- Anonymising is not an edit of the list: it keeps updated_at (trends and the
-- retention clock read it) and only the owner may do it.
CREATE OR REPLACE FUNCTION public.inadimplentes_touch() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.anonymized_at IS DISTINCT FROM OLD.anonymized_at THEN
    IF current_user = 'rematricula_app' THEN
      RAISE EXCEPTION 'only the retention purge anonymises a row' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  NEW.updated_at := now();
  NEW.updated_by := coalesce(public.app_user(), NEW.updated_by);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.inadimplentes_audit_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO public.inadimplentes_audit (tenant_id, inadimplente_id, action, actor, before, after, batch_id)
  SELECT n.tenant_id, n.id,
         coalesce(nullif(current_setting('app.audit_action', true), ''), CASE
           WHEN o.is_active AND NOT n.is_active THEN 'soft_delete'
           WHEN NOT o.is_active AND n.is_active THEN 'restore'
           ELSE 'update' END),
         public.app_user(), to_jsonb(o), to_jsonb(n), nullif(current_setting('app.import_batch', true), '')::uuid
  FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
  -- The anonymisation's own update (owner only, see inadimplentes_touch).
  WHERE o.anonymized_at IS NOT DISTINCT FROM n.anonymized_at;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Anonymises the given list rows of one school and every audit snapshot of them.
CREATE FUNCTION public.privacy_anonymize_list_rows(p_tenant uuid, p_ids uuid[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  n integer;
BEGIN
  PERFORM set_config('app.privacy_purge', 'on', true);
  UPDATE public.inadimplentes i SET
    student_name = 'Anonimizado ' || left(i.id::text, 8), guardian1_name = NULL, codigo_inadim = NULL,
    deleted_reason = CASE WHEN i.deleted_reason IS NULL THEN NULL ELSE 'Anonimizado' END,
    anonymized_at = now()
  WHERE i.tenant_id = p_tenant AND i.id = ANY (p_ids) AND i.anonymized_at IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE public.inadimplentes_audit a SET
    before = public.privacy_mask_list_row(a.before, a.inadimplente_id),
    after = public.privacy_mask_list_row(a.after, a.inadimplente_id)
  WHERE a.tenant_id = p_tenant AND a.inadimplente_id = ANY (p_ids);
  PERFORM set_config('app.privacy_purge', 'off', true);
  RETURN n;
END
$$;
--> statement-breakpoint
-- One purge as of p_at. Several instances run it: the advisory lock (held to
-- the end of the transaction) lets one through and the others return NULL at
-- once; unless forced, a run less than 20 hours after the last one does nothing,
-- so "daily" holds however many instances wake up.
CREATE FUNCTION public.privacy_purge_at(p_at timestamptz, p_force boolean) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  run bigint;
  t uuid;
  ids uuid[];
  k text;
  n integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('rematricula:privacy_purge')) THEN
    RETURN NULL;
  END IF;
  IF NOT p_force AND EXISTS (SELECT 1 FROM public.privacy_runs r WHERE r.started_at > p_at - interval '20 hours') THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.privacy_runs (started_at) VALUES (p_at) RETURNING id INTO run;
  FOR t IN SELECT id FROM public.tenants ORDER BY id LOOP
    FOREACH k IN ARRAY ARRAY['inadimplentes', 'eventos', 'importacoes'] LOOP
      SELECT coalesce(array_agg(d.id), '{}') INTO ids FROM public.privacy_due(t, p_at) d WHERE d.kind = k;
      IF k = 'inadimplentes' THEN
        n := public.privacy_anonymize_list_rows(t, ids);
      ELSIF k = 'eventos' THEN
        UPDATE public.rematricula_events SET aluno_id = NULL, codigo_inadim = NULL, anonymized_at = now()
        WHERE tenant_id = t AND id = ANY (ids);
        GET DIAGNOSTICS n = ROW_COUNT;
      ELSE
        UPDATE public.import_batches SET errors = NULL, anonymized_at = now()
        WHERE tenant_id = t AND id = ANY (ids);
        GET DIAGNOSTICS n = ROW_COUNT;
      END IF;
      INSERT INTO public.privacy_run_counts (tenant_id, run_id, kind, rows) VALUES (t, run, k, n);
    END LOOP;
  END LOOP;
  -- Sign-in counters are only useful for their window; 30 days is far past any lock.
  DELETE FROM public.login_throttle
  WHERE coalesce(greatest(locked_until, window_start), window_start) < p_at - interval '30 days';
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE public.privacy_runs SET login_throttle = n WHERE id = run;
  RETURN run;
END
$$;
--> statement-breakpoint
-- The app's door to the purge: now, never forced, never another time.
CREATE FUNCTION public.privacy_purge_due() RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT public.privacy_purge_at(now(), false) $$;
--> statement-breakpoint
-- What the next purge would anonymise in the request's school, for its admins.
CREATE FUNCTION public.privacy_preview() RETURNS TABLE (kind text, months integer, due integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF public.app_tenant() IS NULL OR NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only the school''s admins see the purge' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
  SELECT k.kind, public.privacy_retention_months(public.app_tenant(), k.kind),
         (SELECT count(*)::int FROM public.privacy_due(public.app_tenant(), now()) d WHERE d.kind = k.kind)
  FROM unnest(ARRAY['inadimplentes', 'eventos', 'importacoes']) AS k(kind);
END
$$;
--> statement-breakpoint
-- The list rows of one student: the one definition the family's export and the
-- anonymisation share. A row names the student when its normalised name is the
-- student's and, when both have a guardian, the guardian's too (a homonym with
-- another guardian is someone else).
CREATE FUNCTION public.privacy_aluno_list_rows(p_tenant uuid, p_aluno uuid) RETURNS TABLE (id uuid)
LANGUAGE sql STABLE SET search_path = public, pg_temp
AS $$
  SELECT i.id FROM public.inadimplentes i JOIN public.alunos a ON a.tenant_id = i.tenant_id AND a.id = p_aluno
  WHERE i.tenant_id = p_tenant
    -- A linked row is this student's whatever its name says, and never a homonym's.
    AND (i.aluno_id = p_aluno
      OR (i.aluno_id IS NULL AND i.student_name_norm = a.nome_norm
        AND (i.guardian1_name_norm IS NULL OR a.responsavel_nome_norm IS NULL OR i.guardian1_name_norm = a.responsavel_nome_norm)))
$$;
--> statement-breakpoint
-- A family's request to anonymise a student (art. 18), for the school's admins.
-- Refused, with the reason, where the school must keep the data: a student
-- still enrolled (the contract), a rematrícula for the current or a later
-- year, a debt still on the list. Otherwise the student's record, their list
-- rows, liberações' reasons, events and every trail snapshot of them lose the
-- personal fields; the request is recorded either way.
CREATE FUNCTION public.privacy_anonymize_aluno(p_aluno uuid) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  t uuid := public.app_tenant();
  a public.alunos;
  reason text;
  rows uuid[];
  label text;
BEGIN
  IF t IS NULL OR NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only the school''s admins anonymise a student' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO a FROM public.alunos WHERE tenant_id = t AND id = p_aluno FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such student' USING ERRCODE = 'P0002';
  END IF;
  IF a.anonymized_at IS NOT NULL THEN
    RETURN 'ja_anonimizado';
  END IF;
  SELECT array_agg(r.id) INTO rows FROM public.privacy_aluno_list_rows(t, p_aluno) r;
  reason := CASE
    WHEN a.status = 'ativo' THEN 'aluno_ativo'
    WHEN EXISTS (SELECT 1 FROM public.rematriculas r WHERE r.tenant_id = t AND r.aluno_id = p_aluno
                 AND r.status = 'concluida' AND r.ano_letivo >= coalesce(a.ano_letivo, 0)) THEN 'rematricula_aberta'
    WHEN EXISTS (SELECT 1 FROM public.inadimplentes i WHERE i.tenant_id = t AND i.id = ANY (coalesce(rows, '{}')) AND i.is_active)
      THEN 'debito_ativo'
  END;
  IF reason IS NOT NULL THEN
    INSERT INTO public.privacy_requests (tenant_id, aluno_id, kind, outcome, reason, actor)
    VALUES (t, p_aluno, 'anonimizacao', 'recusado', reason, public.app_user());
    RETURN reason;
  END IF;
  label := 'Anonimizado ' || left(p_aluno::text, 8);
  PERFORM public.privacy_anonymize_list_rows(t, coalesce(rows, '{}'));
  PERFORM set_config('app.privacy_purge', 'on', true);
  UPDATE public.alunos SET nome = label, cpf = NULL, data_nascimento = NULL, telefone = NULL, matricula = NULL,
    responsavel_nome = NULL, responsavel_telefone = NULL, anonymized_at = now(), updated_at = now()
  WHERE tenant_id = t AND id = p_aluno;
  UPDATE public.audit_log l SET
    before = CASE WHEN l.before IS NULL THEN NULL ELSE l.before || jsonb_build_object('nome', label, 'nome_norm', public.norm_text(label),
      'cpf', NULL, 'data_nascimento', NULL, 'telefone', NULL, 'matricula', NULL, 'responsavel_nome', NULL,
      'responsavel_nome_norm', NULL, 'responsavel_telefone', NULL) END,
    after = l.after || jsonb_build_object('nome', label, 'nome_norm', public.norm_text(label),
      'cpf', NULL, 'data_nascimento', NULL, 'telefone', NULL, 'matricula', NULL, 'responsavel_nome', NULL,
      'responsavel_nome_norm', NULL, 'responsavel_telefone', NULL)
  WHERE l.tenant_id = t AND l.entity = 'aluno' AND l.entity_key = p_aluno::text;
  -- The roster import's record of the student (migration 0017), what its undo restores.
  UPDATE public.import_batch_alunos x SET
    before = CASE WHEN x.before IS NULL THEN NULL ELSE x.before || jsonb_build_object('nome', label, 'cpf', NULL,
      'data_nascimento', NULL, 'matricula', NULL, 'responsavel_nome', NULL, 'responsavel_telefone', NULL) END,
    after = x.after || jsonb_build_object('nome', label, 'cpf', NULL,
      'data_nascimento', NULL, 'matricula', NULL, 'responsavel_nome', NULL, 'responsavel_telefone', NULL)
  WHERE x.tenant_id = t AND x.aluno_id = p_aluno;
  UPDATE public.liberacoes SET reason = 'Anonimizado' WHERE tenant_id = t AND aluno_id = p_aluno;
  UPDATE public.audit_log l SET
    before = CASE WHEN l.before IS NULL THEN NULL ELSE l.before || '{"reason": "Anonimizado"}' END,
    after = l.after || '{"reason": "Anonimizado"}'
  WHERE l.tenant_id = t AND l.entity = 'liberacao'
    AND l.entity_key IN (SELECT b.id::text FROM public.liberacoes b WHERE b.tenant_id = t AND b.aluno_id = p_aluno);
  UPDATE public.rematricula_events SET codigo_inadim = NULL WHERE tenant_id = t AND aluno_id = p_aluno;
  PERFORM set_config('app.privacy_purge', 'off', true);
  INSERT INTO public.privacy_requests (tenant_id, aluno_id, kind, outcome, actor)
  VALUES (t, p_aluno, 'anonimizacao', 'anonimizado', public.app_user());
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.privacy_retention_months(uuid, text), public.privacy_due(uuid, timestamptz),
  public.privacy_anonymize_list_rows(uuid, uuid[]), public.privacy_purge_at(timestamptz, boolean),
  public.privacy_purge_due(), public.privacy_preview(), public.privacy_anonymize_aluno(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.privacy_purge_due(), public.privacy_preview(), public.privacy_anonymize_aluno(uuid)
  TO rematricula_app;
--> statement-breakpoint
-- The family's export lists the invitations made for the student's login.
GRANT SELECT (aluno_id) ON public.invitations TO rematricula_app;

-- Personal data by the book, the places migration 0018 left out: an anonymised
-- list row stays anonymised; cancellation reasons, the roster import's copies of
-- each student and expired sessions follow the purge too; the export log keeps
-- that a name was searched, never the name.
--
-- An anonymised list row is never put back on the list nor given its personal
-- fields again by the app role (a restore, an edit, an import's undo): its
-- names are gone, and an active row nobody can match would be a debt of no one.
CREATE OR REPLACE FUNCTION public.inadimplentes_touch() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF OLD.anonymized_at IS NOT NULL AND current_user = 'rematricula_app' AND (NEW.is_active
      OR (NEW.student_name, NEW.guardian1_name, NEW.codigo_inadim, NEW.deleted_reason)
         IS DISTINCT FROM (OLD.student_name, OLD.guardian1_name, OLD.codigo_inadim, OLD.deleted_reason)) THEN
    RAISE EXCEPTION 'an anonymised row stays anonymised and off the list' USING ERRCODE = 'RM005';
  END IF;
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
-- A cancellation's reason is still the canceller's word, kept whatever a later
-- statement writes, except for the anonymisation: the owner's definer functions
-- (app.privacy_purge on) may replace it with 'Anonimizado' and nothing else.
CREATE OR REPLACE FUNCTION public.rematriculas_keep_true() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  actor uuid := public.app_user();
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.tenant_id, NEW.id, NEW.aluno_id, NEW.ano_letivo)
      IS DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.aluno_id, OLD.ano_letivo) THEN
    RAISE EXCEPTION 'a rematrícula keeps its student and school year' USING ERRCODE = 'RM004';
  END IF;
  IF actor IS NULL THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.finalized_by := actor;
    NEW.finalized_at := now();
    NEW.cancelled_by := NULL;
    NEW.cancelled_at := NULL;
    NEW.cancel_reason := NULL;
    RETURN NEW;
  END IF;
  IF NEW.status = 'concluida' AND OLD.status <> 'concluida' THEN
    NEW.finalized_by := actor;
    NEW.finalized_at := now();
  ELSE
    NEW.finalized_by := OLD.finalized_by;
    NEW.finalized_at := OLD.finalized_at;
  END IF;
  IF NEW.status = 'cancelada' AND OLD.status <> 'cancelada' THEN
    NEW.cancelled_by := actor;
    NEW.cancelled_at := now();
  ELSE
    NEW.cancelled_by := OLD.cancelled_by;
    NEW.cancelled_at := OLD.cancelled_at;
    IF NOT (current_user <> 'rematricula_app' AND current_setting('app.privacy_purge', true) = 'on'
            AND NEW.cancel_reason = 'Anonimizado') THEN
      NEW.cancel_reason := OLD.cancel_reason;
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- A roster import's copy of one student (import_batch_alunos.before/after) with
-- the personal fields replaced; unidade, série, turma, year and status stay.
CREATE FUNCTION public.privacy_mask_aluno_copy(p_row jsonb, p_aluno uuid) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN p_row IS NULL THEN NULL ELSE p_row || jsonb_build_object(
    'nome', 'Anonimizado ' || left(p_aluno::text, 8), 'cpf', NULL, 'data_nascimento', NULL, 'matricula', NULL,
    'responsavel_nome', NULL, 'responsavel_telefone', NULL) END
$$;
--> statement-breakpoint
-- Cancellation reasons follow the events' period (both are the rematrícula's
-- history), counted from the cancellation.
CREATE OR REPLACE FUNCTION public.privacy_due(p_tenant uuid, p_at timestamptz) RETURNS TABLE (kind text, id uuid)
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
  UNION ALL
  SELECT 'cancelamentos', r.id FROM public.rematriculas r
  WHERE r.tenant_id = p_tenant AND r.cancel_reason IS NOT NULL AND r.cancel_reason <> 'Anonimizado'
    AND coalesce(r.cancelled_at, r.finalized_at)
        < p_at - make_interval(months => public.privacy_retention_months(p_tenant, 'eventos'))
$$;
--> statement-breakpoint
ALTER TABLE public.privacy_run_counts DROP CONSTRAINT privacy_run_counts_kind_check;
--> statement-breakpoint
ALTER TABLE public.privacy_run_counts ADD CONSTRAINT privacy_run_counts_kind_check
  CHECK (kind IN ('inadimplentes', 'eventos', 'importacoes', 'cancelamentos'));
--> statement-breakpoint
-- Sessions belong to no school: the run counts them next to the sign-in counters.
ALTER TABLE public.privacy_runs ADD COLUMN user_sessions integer NOT NULL DEFAULT 0;
--> statement-breakpoint
-- Migration 0018's purge, plus: an old import batch loses its per-student
-- copies' personal fields with its error report (the rows stay, so the batch's
-- counts stay true); old cancellation reasons become 'Anonimizado'; sessions
-- expired more than 30 days ago are deleted (a session past its end opens
-- nothing; the month after it is kept for an incident's investigation).
CREATE OR REPLACE FUNCTION public.privacy_purge_at(p_at timestamptz, p_force boolean) RETURNS bigint
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
    FOREACH k IN ARRAY ARRAY['inadimplentes', 'eventos', 'importacoes', 'cancelamentos'] LOOP
      SELECT coalesce(array_agg(d.id), '{}') INTO ids FROM public.privacy_due(t, p_at) d WHERE d.kind = k;
      IF k = 'inadimplentes' THEN
        n := public.privacy_anonymize_list_rows(t, ids);
      ELSIF k = 'eventos' THEN
        UPDATE public.rematricula_events SET aluno_id = NULL, codigo_inadim = NULL, anonymized_at = now()
        WHERE tenant_id = t AND id = ANY (ids);
        GET DIAGNOSTICS n = ROW_COUNT;
      ELSIF k = 'importacoes' THEN
        UPDATE public.import_batches SET errors = NULL, anonymized_at = now()
        WHERE tenant_id = t AND id = ANY (ids);
        GET DIAGNOSTICS n = ROW_COUNT;
        UPDATE public.import_batch_alunos SET before = public.privacy_mask_aluno_copy(before, aluno_id),
          after = public.privacy_mask_aluno_copy(after, aluno_id)
        WHERE tenant_id = t AND batch_id = ANY (ids);
      ELSE
        PERFORM set_config('app.privacy_purge', 'on', true);
        UPDATE public.rematriculas SET cancel_reason = 'Anonimizado' WHERE tenant_id = t AND id = ANY (ids);
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('app.privacy_purge', 'off', true);
      END IF;
      INSERT INTO public.privacy_run_counts (tenant_id, run_id, kind, rows) VALUES (t, run, k, n);
    END LOOP;
  END LOOP;
  -- Sign-in counters are only useful for their window; 30 days is far past any lock.
  DELETE FROM public.login_throttle
  WHERE coalesce(greatest(locked_until, window_start), window_start) < p_at - interval '30 days';
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE public.privacy_runs SET login_throttle = n WHERE id = run;
  DELETE FROM public.user_sessions WHERE expires_at < p_at - interval '30 days';
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE public.privacy_runs SET user_sessions = n WHERE id = run;
  RETURN run;
END
$$;
--> statement-breakpoint
-- Migration 0018's anonymisation on request, plus the student's cancellation
-- reasons; the roster copies go through the same mask as the purge's.
CREATE OR REPLACE FUNCTION public.privacy_anonymize_aluno(p_aluno uuid) RETURNS text
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
  UPDATE public.import_batch_alunos x SET before = public.privacy_mask_aluno_copy(x.before, p_aluno),
    after = public.privacy_mask_aluno_copy(x.after, p_aluno)
  WHERE x.tenant_id = t AND x.aluno_id = p_aluno;
  UPDATE public.liberacoes SET reason = 'Anonimizado' WHERE tenant_id = t AND aluno_id = p_aluno;
  UPDATE public.audit_log l SET
    before = CASE WHEN l.before IS NULL THEN NULL ELSE l.before || '{"reason": "Anonimizado"}' END,
    after = l.after || '{"reason": "Anonimizado"}'
  WHERE l.tenant_id = t AND l.entity = 'liberacao'
    AND l.entity_key IN (SELECT b.id::text FROM public.liberacoes b WHERE b.tenant_id = t AND b.aluno_id = p_aluno);
  -- Rematrículas have no trail of their own: the row is the only copy of the reason.
  UPDATE public.rematriculas SET cancel_reason = 'Anonimizado'
  WHERE tenant_id = t AND aluno_id = p_aluno AND cancel_reason IS NOT NULL;
  UPDATE public.rematricula_events SET codigo_inadim = NULL WHERE tenant_id = t AND aluno_id = p_aluno;
  PERFORM set_config('app.privacy_purge', 'off', true);
  INSERT INTO public.privacy_requests (tenant_id, aluno_id, kind, outcome, actor)
  VALUES (t, p_aluno, 'anonimizacao', 'anonimizado', public.app_user());
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The export log keeps that a search was typed, not what: a name in the filter
-- is personal text, and the record's purpose (who took which rows out) does
-- not need it. Done here, so no caller can log a name by mistake.
CREATE OR REPLACE FUNCTION public.app_record_export(p_kind text, p_filters jsonb, p_rows integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF public.app_tenant() IS NULL OR public.app_user() IS NULL OR NOT EXISTS (
      SELECT 1 FROM public.memberships m
      WHERE m.tenant_id = public.app_tenant() AND m.user_id = public.app_user() AND m.active) THEN
    RAISE EXCEPTION 'only a member of the school records its exports' USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.export_log (tenant_id, kind, actor, filters, row_count)
  VALUES (public.app_tenant(), p_kind, public.app_user(), public.export_filters_without_names(p_filters), p_rows);
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.export_filters_without_names(p_filters jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN coalesce(p_filters ->> 'q', '') = '' THEN coalesce(p_filters, '{}'::jsonb)
    ELSE p_filters || '{"q": "informada"}'::jsonb END
$$;
--> statement-breakpoint
-- The names already logged go now: they were never needed.
ALTER TABLE public.export_log DISABLE TRIGGER export_log_append_only;
--> statement-breakpoint
UPDATE public.export_log SET filters = public.export_filters_without_names(filters)
WHERE coalesce(filters ->> 'q', '') NOT IN ('', 'informada');
--> statement-breakpoint
ALTER TABLE public.export_log ENABLE TRIGGER export_log_append_only;
--> statement-breakpoint
-- Batches the purge already anonymised under migration 0018 lose their copies' names now.
UPDATE public.import_batch_alunos x SET before = public.privacy_mask_aluno_copy(x.before, x.aluno_id),
  after = public.privacy_mask_aluno_copy(x.after, x.aluno_id)
FROM public.import_batches b
WHERE b.tenant_id = x.tenant_id AND b.id = x.batch_id AND b.anonymized_at IS NOT NULL;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.privacy_mask_aluno_copy(jsonb, uuid), public.export_filters_without_names(jsonb) FROM PUBLIC;

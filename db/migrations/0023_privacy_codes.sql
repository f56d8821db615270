-- Personal data by the book, two more places: an anonymised list row loses its
-- student code and its link to the student (migration 0016), in the row and in
-- its trail, since both tie the fact of a debt to a person; and the purge's
-- preview counts everything the purge does, through the purge's own selections.
--
-- A list row's snapshot with its personal fields replaced, now also the code
-- and the link. What the statistics and trends read (is_active, school, months,
-- times) stays as it was.
CREATE OR REPLACE FUNCTION public.privacy_mask_list_row(p_row jsonb, p_id uuid) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN p_row IS NULL THEN NULL ELSE p_row || jsonb_build_object(
    'student_name', 'Anonimizado ' || left(p_id::text, 8),
    'student_name_norm', public.norm_text('Anonimizado ' || left(p_id::text, 8)),
    'guardian1_name', NULL, 'guardian1_name_norm', NULL, 'codigo_inadim', NULL,
    'codigo_aluno', NULL, 'aluno_id', NULL,
    'deleted_reason', CASE WHEN p_row ->> 'deleted_reason' IS NULL THEN NULL ELSE 'Anonimizado' END,
    'anonymized_at', coalesce(p_row -> 'anonymized_at', 'true'::jsonb)) END
$$;
--> statement-breakpoint
-- Migration 0018's anonymisation of list rows (the purge's and a family's
-- request's), plus the student code and the link.
CREATE OR REPLACE FUNCTION public.privacy_anonymize_list_rows(p_tenant uuid, p_ids uuid[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  n integer;
BEGIN
  PERFORM set_config('app.privacy_purge', 'on', true);
  UPDATE public.inadimplentes i SET
    student_name = 'Anonimizado ' || left(i.id::text, 8), guardian1_name = NULL, codigo_inadim = NULL,
    codigo_aluno = NULL, aluno_id = NULL,
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
-- Migration 0019's guard, now also over the code and the link: a link is a
-- person again, whichever path (the link screen, an edit, an import) writes it.
CREATE OR REPLACE FUNCTION public.inadimplentes_touch() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF OLD.anonymized_at IS NOT NULL AND current_user = 'rematricula_app' AND (NEW.is_active
      OR (NEW.student_name, NEW.guardian1_name, NEW.codigo_inadim, NEW.deleted_reason, NEW.codigo_aluno, NEW.aluno_id)
         IS DISTINCT FROM (OLD.student_name, OLD.guardian1_name, OLD.codigo_inadim, OLD.deleted_reason, OLD.codigo_aluno, OLD.aluno_id)) THEN
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
-- Rows anonymised before this migration lose their code and link now. Not an
-- edit of the list: no touch (the retention clock and the trends keep their
-- times) and no trail entry, as for the anonymisation itself.
ALTER TABLE public.inadimplentes DISABLE TRIGGER USER;
--> statement-breakpoint
UPDATE public.inadimplentes SET codigo_aluno = NULL, aluno_id = NULL
WHERE anonymized_at IS NOT NULL AND (codigo_aluno IS NOT NULL OR aluno_id IS NOT NULL);
--> statement-breakpoint
ALTER TABLE public.inadimplentes ENABLE TRIGGER USER;
--> statement-breakpoint
ALTER TABLE public.inadimplentes_audit DISABLE TRIGGER inadimplentes_audit_append_only;
--> statement-breakpoint
UPDATE public.inadimplentes_audit a SET before = public.privacy_mask_list_row(a.before, a.inadimplente_id),
  after = public.privacy_mask_list_row(a.after, a.inadimplente_id)
FROM public.inadimplentes i
WHERE i.tenant_id = a.tenant_id AND i.id = a.inadimplente_id AND i.anonymized_at IS NOT NULL;
--> statement-breakpoint
ALTER TABLE public.inadimplentes_audit ENABLE TRIGGER inadimplentes_audit_append_only;
--> statement-breakpoint
-- The sessions the purge deletes: expired more than 30 days ago (a session past
-- its end opens nothing; the month after it is kept for an incident's
-- investigation). The one definition the purge and its preview share.
CREATE FUNCTION public.privacy_due_sessions(p_at timestamptz) RETURNS TABLE (id uuid, user_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT s.id, s.user_id FROM public.user_sessions s WHERE s.expires_at < p_at - interval '30 days'
$$;
--> statement-breakpoint
-- Migration 0019's purge, its sessions now selected by privacy_due_sessions.
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
  DELETE FROM public.user_sessions WHERE id IN (SELECT d.id FROM public.privacy_due_sessions(p_at) d);
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE public.privacy_runs SET user_sessions = n WHERE id = run;
  RETURN run;
END
$$;
--> statement-breakpoint
-- What the next purge would do in the request's school, for its admins, read
-- from the purge's own selections (privacy_due, privacy_due_sessions): the three
-- periods, the cancellation reasons (under the events' period) and the expired
-- sessions of the school's members (sessions belong to no school: a member's
-- count, not the platform's; months is NULL, the rule is 30 days).
CREATE OR REPLACE FUNCTION public.privacy_preview() RETURNS TABLE (kind text, months integer, due integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  t uuid := public.app_tenant();
BEGIN
  IF t IS NULL OR NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only the school''s admins see the purge' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
  WITH counted AS (SELECT d.kind, count(*)::int AS n FROM public.privacy_due(t, now()) d GROUP BY d.kind)
  SELECT x.kind, x.months, x.due FROM (
    SELECT k.kind, public.privacy_retention_months(t, CASE k.kind WHEN 'cancelamentos' THEN 'eventos' ELSE k.kind END) AS months,
           coalesce((SELECT c.n FROM counted c WHERE c.kind = k.kind), 0) AS due, k.o
    FROM unnest(ARRAY['inadimplentes', 'eventos', 'importacoes', 'cancelamentos']) WITH ORDINALITY AS k(kind, o)
    UNION ALL
    SELECT 'sessoes', NULL::integer, (SELECT count(*)::int FROM public.privacy_due_sessions(now()) s
      WHERE EXISTS (SELECT 1 FROM public.memberships m WHERE m.tenant_id = t AND m.user_id = s.user_id)), 5
  ) x ORDER BY x.o;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.privacy_due_sessions(timestamptz) FROM PUBLIC;

-- The three triggers of 0030 each took the school's lock and then, in a later
-- statement, read the students to recompute. Both halves matter and neither
-- shows in an ordinary test: without the lock, or with the students read
-- before it (in the snapshot from before the wait), a list row and a student
-- of the same name written at the same time leave the student free. The two
-- steps are now one function, so a trigger cannot take one without the other.
--
-- The students are those with one of p_names, plus p_ids; or, with p_all, the
-- whole school. They are read after the lock, in a statement of their own.
CREATE FUNCTION public.inadimplencia_kept_update(p_tenant uuid, p_ids uuid[],
  p_names text[] DEFAULT '{}', p_all boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  PERFORM public.inadimplencia_kept_lock(p_tenant);
  IF p_all THEN
    PERFORM public.inadimplencia_kept_refresh(p_tenant, ARRAY(
      SELECT a.id FROM public.alunos a WHERE a.tenant_id = p_tenant));
  ELSE
    PERFORM public.inadimplencia_kept_refresh(p_tenant, ARRAY(
      SELECT a.id FROM public.alunos a WHERE a.tenant_id = p_tenant AND a.nome_norm IN (SELECT unnest(p_names))
      UNION SELECT unnest(p_ids)));
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.inadimplencia_kept_update(uuid, uuid[], text[], boolean) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.inadimplentes_keep_hits() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  t_new uuid[]; n_new text[]; i_new uuid[];
  t_old uuid[]; n_old text[]; i_old uuid[];
  r record;
BEGIN
  -- Each transition table exists only for the events that have it.
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg(x.tenant_id), array_agg(x.student_name_norm), array_agg(x.aluno_id)
    INTO t_new, n_new, i_new FROM new_rows x WHERE x.is_active;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT array_agg(x.tenant_id), array_agg(x.student_name_norm), array_agg(x.aluno_id)
    INTO t_old, n_old, i_old FROM old_rows x WHERE x.is_active;
  END IF;
  FOR r IN
    SELECT k.t, array_agg(DISTINCT k.n) AS names, array_agg(DISTINCT k.i) FILTER (WHERE k.i IS NOT NULL) AS ids
    FROM (SELECT * FROM unnest(t_new, n_new, i_new) UNION ALL SELECT * FROM unnest(t_old, n_old, i_old)) k(t, n, i)
    GROUP BY k.t ORDER BY k.t
  LOOP
    PERFORM public.inadimplencia_kept_update(r.t, coalesce(r.ids, '{}'), r.names);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.alunos_keep_hits() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  t_ids uuid[]; a_ids uuid[];
  r record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.tenant_id), array_agg(n.id) INTO t_ids, a_ids FROM new_rows n;
  ELSE
    SELECT array_agg(c.tenant_id), array_agg(c.id) INTO t_ids, a_ids FROM (
      SELECT n.tenant_id, n.id, n.nome_norm, n.responsavel_nome_norm, n.unidade FROM new_rows n
      EXCEPT SELECT o.tenant_id, o.id, o.nome_norm, o.responsavel_nome_norm, o.unidade FROM old_rows o) c;
  END IF;
  FOR r IN
    SELECT k.t, array_agg(k.i) AS ids FROM unnest(t_ids, a_ids) k(t, i) GROUP BY k.t ORDER BY k.t
  LOOP
    PERFORM public.inadimplencia_kept_update(r.t, r.ids);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.system_config_keep_hits() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  keys CONSTANT text[] := ARRAY['rematricula.inadimplencia.enabled',
    'rematricula.inadimplencia.match.require_guardian', 'rematricula.inadimplencia.match.require_same_school'];
  t_ids uuid[] := '{}';
  t uuid;
BEGIN
  IF TG_OP <> 'DELETE' THEN
    t_ids := t_ids || ARRAY(SELECT n.tenant_id FROM new_rows n WHERE n.key = ANY (keys));
  END IF;
  IF TG_OP <> 'INSERT' THEN
    t_ids := t_ids || ARRAY(SELECT o.tenant_id FROM old_rows o WHERE o.key = ANY (keys));
  END IF;
  FOR t IN SELECT DISTINCT x FROM unnest(t_ids) x ORDER BY x LOOP
    PERFORM public.inadimplencia_kept_update(t, '{}', p_all => true);
  END LOOP;
  RETURN NULL;
END
$$;

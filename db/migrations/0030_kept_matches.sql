-- Issue 20: the list's matches, kept by the database. After 0027 the check still
-- probed the list twice per student asked (about 2 355 students and 30 ms of
-- CPU per view of /rematricula at a 3 000-student school with 100 000 list
-- rows). The answer only changes when the list, the students or the school's
-- match flags change, so it is now worked out when they change, in the same
-- transaction, and the check reads it.
--
-- What is kept: for every student with at least one active list row matching
-- by inadimplencia_matches under the school's flags (check on), the row that
-- owes most (most months, then the smallest code: the row the check shows).
-- Liberações are NOT kept: whether one is in force depends on now(), so the
-- check still filters the kept rows by liberacoes_em_vigor at every call. A
-- liberação is per student, so "the top row, then drop students with a
-- liberação" is the same answer as the check gave before.
--
-- Only the definer functions below read or write it: the application role has
-- no grant on it (a table has none until granted).
-- A student's rows go with the student (roster undo deletes students).
CREATE TABLE public.inadimplencia_kept_hits (
  tenant_id uuid NOT NULL,
  aluno_id uuid NOT NULL,
  meses_inadim integer,
  codigo_inadim text,
  CONSTRAINT inadimplencia_kept_hits_pk PRIMARY KEY (tenant_id, aluno_id),
  CONSTRAINT inadimplencia_kept_hits_aluno_fk FOREIGN KEY (tenant_id, aluno_id)
    REFERENCES public.alunos (tenant_id, id) ON DELETE CASCADE
);
--> statement-breakpoint
ALTER TABLE public.inadimplencia_kept_hits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.inadimplencia_kept_hits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The app role has no grant to use it; the policy is every tenant table's, so
-- a grant added one day would still show a school only its own rows.
CREATE POLICY inadimplencia_kept_hits_tenant ON public.inadimplencia_kept_hits FOR SELECT TO rematricula_app
  USING (tenant_id = (SELECT public.app_tenant()));
--> statement-breakpoint
-- Recomputes the kept row of the given students of one school: deletes theirs,
-- inserts what the rule says now. The arms and the rule are those the check
-- used (0020/0025/0027): the rows linked to the student, and the unlinked rows
-- with the student's name, each kept only if inadimplencia_matches says so;
-- the row that owes most (then the smallest code) is kept.
-- The list is read per student, by two index probes (LATERAL), so the work is
-- bounded by the students asked, whatever the planner believes of the list:
-- the triggers run right after an import, before the list's statistics know
-- its new rows, and a join driven from the list then probed the students once
-- per list row through the trigram index (27 s for 100 000 rows at a school
-- of 30 000). Custom plans only (the callers' arrays are seen as they are):
-- a generic plan would guess ten students and ten names.
-- VOLATILE, so each statement reads with a snapshot taken when it starts: the
-- callers take the school's lock first (inadimplencia_kept_lock), so what
-- another transaction committed while they waited is seen.
CREATE FUNCTION public.inadimplencia_kept_refresh(p_tenant uuid, p_aluno_ids uuid[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  DELETE FROM public.inadimplencia_kept_hits k
  WHERE k.tenant_id = p_tenant AND k.aluno_id IN (SELECT unnest(p_aluno_ids));
  INSERT INTO public.inadimplencia_kept_hits (tenant_id, aluno_id, meses_inadim, codigo_inadim)
  SELECT p_tenant, a.id, top.meses_inadim, top.codigo_inadim
  FROM public.inadimplencia_match_cfg(p_tenant) cfg
  JOIN public.alunos a ON cfg.enabled AND a.tenant_id = p_tenant AND a.id IN (SELECT unnest(p_aluno_ids))
  CROSS JOIN LATERAL (
    SELECT h.meses_inadim, h.codigo_inadim
    FROM (
      SELECT i.meses_inadim, i.codigo_inadim
      FROM public.inadimplentes i
      WHERE i.tenant_id = p_tenant AND i.is_active AND i.aluno_id = a.id
        AND public.inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)
      UNION ALL
      SELECT i.meses_inadim, i.codigo_inadim
      FROM public.inadimplentes i
      WHERE i.tenant_id = p_tenant AND i.is_active AND i.aluno_id IS NULL AND i.student_name_norm = a.nome_norm
        AND public.inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)
    ) h
    ORDER BY h.meses_inadim DESC NULLS LAST, h.codigo_inadim
    LIMIT 1
  ) top;
END
$$;
--> statement-breakpoint
-- One school's kept rows are written by one transaction at a time. Without it,
-- under READ COMMITTED, a list row for "X" and a new student "X" written at the
-- same time would each be matched against a snapshot without the other, and
-- the student would stay unblocked (fail open). With it the second waits for
-- the first to commit, then reads (in a new statement, so a new snapshot) what
-- the first wrote. Every transaction of the app is READ COMMITTED (the default;
-- nothing sets another level), which is what makes the new snapshot possible.
CREATE FUNCTION public.inadimplencia_kept_lock(p_tenant uuid)
RETURNS void
LANGUAGE sql VOLATILE
AS $$ SELECT pg_advisory_xact_lock(hashtextextended('inadimplencia_kept:' || p_tenant::text, 0)) $$;
--> statement-breakpoint
-- The list changed: the students any changed active row could match (by its
-- name, or by its link, before and after) are recomputed. Statement-level with
-- transition tables, so an import of 100 000 rows is one recomputation. Custom
-- plans, as in the refresh: the students are found by the names an import
-- brings, one or 100 000, and the plan must know which.
CREATE FUNCTION public.inadimplentes_keep_hits() RETURNS trigger
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
    PERFORM public.inadimplencia_kept_lock(r.t);
    PERFORM public.inadimplencia_kept_refresh(r.t, ARRAY(
      SELECT a.id FROM public.alunos a WHERE a.tenant_id = r.t AND a.nome_norm IN (SELECT unnest(r.names))
      UNION SELECT unnest(r.ids)));
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER inadimplentes_keep_hits_ins AFTER INSERT ON public.inadimplentes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.inadimplentes_keep_hits();
--> statement-breakpoint
CREATE TRIGGER inadimplentes_keep_hits_upd AFTER UPDATE ON public.inadimplentes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.inadimplentes_keep_hits();
--> statement-breakpoint
CREATE TRIGGER inadimplentes_keep_hits_del AFTER DELETE ON public.inadimplentes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.inadimplentes_keep_hits();
--> statement-breakpoint
-- A student added, or one whose columns the rule reads changed (name, guardian,
-- unidade; the tenant and id, for completeness): that student is recomputed.
-- A student deleted takes its kept row with it (the foreign key), and the rule
-- never relates two students, so nobody else changes.
CREATE FUNCTION public.alunos_keep_hits() RETURNS trigger
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
    PERFORM public.inadimplencia_kept_lock(r.t);
    PERFORM public.inadimplencia_kept_refresh(r.t, r.ids);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER alunos_keep_hits_ins AFTER INSERT ON public.alunos
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.alunos_keep_hits();
--> statement-breakpoint
CREATE TRIGGER alunos_keep_hits_upd AFTER UPDATE ON public.alunos
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.alunos_keep_hits();
--> statement-breakpoint
-- The flags inadimplencia_match_cfg reads changed: the whole school is
-- recomputed (its students are read after the lock, so one added meanwhile by
-- another transaction is in).
CREATE FUNCTION public.system_config_keep_hits() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan
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
    PERFORM public.inadimplencia_kept_lock(t);
    PERFORM public.inadimplencia_kept_refresh(t, ARRAY(SELECT a.id FROM public.alunos a WHERE a.tenant_id = t));
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER system_config_keep_hits_ins AFTER INSERT ON public.system_config
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.system_config_keep_hits();
--> statement-breakpoint
CREATE TRIGGER system_config_keep_hits_upd AFTER UPDATE ON public.system_config
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.system_config_keep_hits();
--> statement-breakpoint
CREATE TRIGGER system_config_keep_hits_del AFTER DELETE ON public.system_config
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.system_config_keep_hits();
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.inadimplencia_kept_refresh(uuid, uuid[]), public.inadimplencia_kept_lock(uuid),
  public.inadimplentes_keep_hits(), public.alunos_keep_hits(), public.system_config_keep_hits() FROM PUBLIC;
--> statement-breakpoint
-- The rows of today's data, school by school. A later migration that changes
-- what the rule reads or says (inadimplencia_matches, inadimplencia_match_cfg,
-- norm_text and the columns it generates) changes no row, so no trigger fires:
-- it must refill the table the same way.
DO $$
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT id FROM public.tenants ORDER BY id LOOP
    PERFORM public.inadimplencia_kept_refresh(t, ARRAY(SELECT a.id FROM public.alunos a WHERE a.tenant_id = t));
  END LOOP;
END
$$;
--> statement-breakpoint
-- The check now reads the kept rows of the given students and drops those with
-- a liberação in force: no probe of the list. Same signature, same answers;
-- the rematrícula guard and the pages' check_inadimplencia still call it, so
-- they still share one definition.
CREATE OR REPLACE FUNCTION public.check_inadimplencia_in(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT a.id, m.aluno_id IS NOT NULL, m.meses_inadim, m.codigo_inadim
  FROM public.alunos a
  LEFT JOIN (
    SELECT k.aluno_id, k.meses_inadim, k.codigo_inadim
    FROM public.inadimplencia_kept_hits k
    WHERE k.tenant_id = p_tenant
      AND NOT EXISTS (SELECT 1 FROM public.liberacoes_em_vigor(p_tenant) v WHERE v.aluno_id = k.aluno_id)
  ) m ON m.aluno_id = a.id
  WHERE a.tenant_id = p_tenant AND a.id IN (SELECT unnest(p_aluno_ids));
END
$$;

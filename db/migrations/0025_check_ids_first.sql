-- Issue 20: the check's plan at a large school. inadimplencia_hits (0020, last
-- redefined in 0024) joined unnest(p_aluno_ids) inside each arm; the planner,
-- taking unnest for a handful of rows, let the name arm hash-join the whole
-- list with every student of the school first and then looped each match over
-- the ids (3 000 students: ~308 matches × 3 000 ids, ~920 000 rows thrown
-- away, ~140 ms of a check that takes 25 ms on its own).
--
-- At the 3 000-student bench school the plan also showed a second cost: the
-- liberação test, pushed down below the union, ran liberacao_em_vigor for every
-- student of the school in each arm (6 000 calls, most of the check's time).
-- That function is not inlined (a scalar SQL function whose body is a subquery
-- never is), so each call is a function call of its own.
--
-- Here the given students are found once, before the list is touched: the
-- school's alunos whose id is among the given ones, materialized, so that both
-- arms start from those rows whatever the planner thinks of unnest. The hits
-- are materialized too, so that the liberação is asked only of the students
-- that matched. The rule, the two arms and the liberação are as in 0024; only
-- the order of the work changes. The whole row is kept (s.a) because
-- inadimplencia_matches takes an alunos row.
CREATE OR REPLACE FUNCTION public.inadimplencia_hits(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, meses_inadim integer, codigo_inadim text)
LANGUAGE sql STABLE
AS $$
  WITH s AS MATERIALIZED (
    SELECT a FROM public.alunos a
    WHERE a.tenant_id = p_tenant AND a.id IN (SELECT unnest(p_aluno_ids))
  ),
  h AS MATERIALIZED (
    SELECT (s.a).id AS aluno_id, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplencia_match_cfg(p_tenant) cfg
    JOIN s ON cfg.enabled
    JOIN public.inadimplentes i ON i.tenant_id = p_tenant AND i.is_active AND i.aluno_id = (s.a).id
    WHERE public.inadimplencia_matches(i, s.a, cfg.require_guardian, cfg.require_same_school)
    UNION ALL
    SELECT (s.a).id, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplencia_match_cfg(p_tenant) cfg
    JOIN s ON cfg.enabled
    JOIN public.inadimplentes i ON i.tenant_id = p_tenant AND i.is_active
      AND i.aluno_id IS NULL AND i.student_name_norm = (s.a).nome_norm
    WHERE public.inadimplencia_matches(i, s.a, cfg.require_guardian, cfg.require_same_school)
  )
  SELECT h.aluno_id, h.meses_inadim, h.codigo_inadim
  FROM h
  WHERE NOT public.liberacao_em_vigor(p_tenant, h.aluno_id)
$$;

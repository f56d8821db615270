-- Issue 20: the check, set-based. Until now check_inadimplencia_in probed the
-- list once per student (a LATERAL subquery with an OR of the two halves of the
-- rule), so the campaign's counts cost one probe per pending student per page
-- view. inadimplencia_hits below is the whole check as one join: the given
-- students, the active list and the liberações, each read once, so that the
-- planner may hash or merge instead of looping. The students come in as a
-- join with unnest(p_aluno_ids) rather than `id = ANY (...)`: with thousands of
-- ids, estimating an ANY over a constant array costs the planner a lookup per
-- element, longer than the join itself.
--
-- The rule stays in one place, inadimplencia_matches (0016). Each arm of the
-- union filters by it; the arms only add the equality that gives the planner a
-- join key: a matching row is either linked to the student (aluno_id = a.id) or
-- unlinked with the student's name (aluno_id IS NULL AND the names equal) — the
-- two disjuncts of the rule — so the arms together return exactly the pairs the
-- rule accepts. Should the rule ever gain a third way to match, this union must
-- gain the arm; tests/rematricula/counts-random.test.ts compares the counts with
-- an independent count and fails if they part.
CREATE FUNCTION public.inadimplencia_hits(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, meses_inadim integer, codigo_inadim text)
LANGUAGE sql STABLE
AS $$
  SELECT h.aluno_id, h.meses_inadim, h.codigo_inadim
  FROM (
    SELECT a.id AS aluno_id, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplencia_match_cfg(p_tenant) cfg
    JOIN unnest(p_aluno_ids) s(id) ON cfg.enabled
    JOIN public.alunos a ON a.tenant_id = p_tenant AND a.id = s.id
    JOIN public.inadimplentes i ON i.tenant_id = p_tenant AND i.is_active AND i.aluno_id = a.id
    WHERE public.inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)
    UNION ALL
    SELECT a.id, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplencia_match_cfg(p_tenant) cfg
    JOIN unnest(p_aluno_ids) s(id) ON cfg.enabled
    JOIN public.alunos a ON a.tenant_id = p_tenant AND a.id = s.id
    JOIN public.inadimplentes i ON i.tenant_id = p_tenant AND i.is_active
      AND i.aluno_id IS NULL AND i.student_name_norm = a.nome_norm
    WHERE public.inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)
  ) h
  WHERE NOT EXISTS (
    SELECT 1 FROM public.liberacoes l
    WHERE l.tenant_id = p_tenant AND l.aluno_id = h.aluno_id
      AND l.revoked_at IS NULL AND l.valid_until > now())
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.inadimplencia_hits(uuid, uuid[]) FROM PUBLIC;
--> statement-breakpoint
-- The check answers every given student of the school through the hits above:
-- blocked when they have one, with the row that owes most months (then the
-- smallest code), as before. The single-student guard on rematrículas and the
-- pages' check_inadimplencia both come here, so the counts and the check are
-- one definition.
CREATE OR REPLACE FUNCTION public.check_inadimplencia_in(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT a.id, m.aluno_id IS NOT NULL, m.meses_inadim, m.codigo_inadim
  FROM (SELECT DISTINCT unnest(p_aluno_ids)) s(id)
  JOIN public.alunos a ON a.tenant_id = p_tenant AND a.id = s.id
  LEFT JOIN (
    SELECT DISTINCT ON (h.aluno_id) h.aluno_id, h.meses_inadim, h.codigo_inadim
    FROM public.inadimplencia_hits(p_tenant, p_aluno_ids) h
    ORDER BY h.aluno_id, h.meses_inadim DESC NULLS LAST, h.codigo_inadim
  ) m ON m.aluno_id = a.id;
END
$$;

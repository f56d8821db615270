-- A liberação in force, once. The check skips a student who has one, and the
-- import's preview counts "serão bloqueados" through the same function, so a
-- student with a valid liberação is neither stopped nor counted as blocked.
-- A plain SQL expression, inlined where it is used (an index probe on
-- liberacoes_aluno_idx per student).
CREATE FUNCTION public.liberacao_em_vigor(p_tenant uuid, p_aluno uuid)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.liberacoes l
    WHERE l.tenant_id = p_tenant AND l.aluno_id = p_aluno
      AND l.revoked_at IS NULL AND l.valid_until > now())
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.liberacao_em_vigor(uuid, uuid) TO rematricula_app;
--> statement-breakpoint
-- The check, as 0016 left it, now asking the function above.
CREATE OR REPLACE FUNCTION public.check_inadimplencia_in(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT a.id, coalesce(m.hit, false), m.meses_inadim, m.codigo_inadim
  FROM public.inadimplencia_match_cfg(p_tenant) cfg
  CROSS JOIN public.alunos a
  LEFT JOIN LATERAL (
    SELECT true AS hit, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplentes i
    WHERE cfg.enabled
      AND i.is_active
      AND public.inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school)
      AND NOT public.liberacao_em_vigor(a.tenant_id, a.id)
    ORDER BY i.meses_inadim DESC NULLS LAST, i.codigo_inadim
    LIMIT 1
  ) m ON true
  WHERE a.tenant_id = p_tenant AND a.id = ANY (p_aluno_ids);
END
$$;
--> statement-breakpoint
-- The import's suggestions for a row that matches nobody (issue 16): up to three
-- students of the caller's school with a similar name, found through the trigram
-- index (alunos_nome_trgm_idx), a few probes per row.
-- Two planner facts shape it. Under RLS no index can serve `%`: the operator is
-- not leakproof, so it may not run before the policy's quals; hence SECURITY
-- DEFINER, reading the caller's school only. And given the school's btree index
-- the planner prefers it, which means one similarity per student of the school
-- (5x slower at 5 000 students); the fenced CTE leaves it the trigram index
-- alone, and the school is filtered on the similar names it finds.
CREATE FUNCTION public.alunos_nome_parecido(p_nome_norm text)
RETURNS TABLE (aluno_id uuid, similaridade real)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan
ROWS 3
AS $$
BEGIN
  RETURN QUERY
  WITH parecidos AS MATERIALIZED (
    SELECT a.id, a.tenant_id, a.nome, similarity(a.nome_norm, p_nome_norm) AS sim
    FROM public.alunos a
    WHERE a.nome_norm % p_nome_norm)
  SELECT p.id, p.sim
  FROM parecidos p
  WHERE p.tenant_id = public.app_tenant() AND p.sim > 0.3
  ORDER BY p.sim DESC, p.nome, p.id
  LIMIT 3;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.alunos_nome_parecido(text) TO rematricula_app;

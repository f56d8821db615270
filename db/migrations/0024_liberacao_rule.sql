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

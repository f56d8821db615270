-- A liberação in force, once. The check skips a student who has one, and the
-- import's preview counts "serão bloqueados" through the same function, so a
-- student with a valid liberação is neither stopped nor counted as blocked.
-- One index probe on liberacoes_aluno_idx per call. PostgreSQL does not inline
-- a scalar SQL function whose body is a subquery, so callers ask it only for
-- students who already match the list (0025).
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
-- The check's hits (0020, which every check and the campaign's counts go
-- through) now ask the function above instead of stating the liberação inline.
CREATE OR REPLACE FUNCTION public.inadimplencia_hits(p_tenant uuid, p_aluno_ids uuid[])
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
  WHERE NOT public.liberacao_em_vigor(p_tenant, h.aluno_id)
$$;

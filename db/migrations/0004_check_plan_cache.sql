-- check_inadimplencia as PL/pgSQL: a SQL-language SECURITY DEFINER function is
-- never inlined, so before PostgreSQL 18 its body was parsed and planned on every
-- call, which was most of the check's time (docs/benchmarks.md). PL/pgSQL keeps
-- the plan per connection. Same query, same answers.
CREATE OR REPLACE FUNCTION public.check_inadimplencia(p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH cfg AS (
    SELECT
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.enabled'), false) AS enabled,
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_guardian'), false) AS require_guardian,
      coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_same_school'), false) AS require_same_school
    FROM public.system_config c
    WHERE c.tenant_id = public.app_tenant()
      AND c.key IN ('rematricula.inadimplencia.enabled',
                    'rematricula.inadimplencia.match.require_guardian',
                    'rematricula.inadimplencia.match.require_same_school')
  )
  SELECT a.id, coalesce(m.hit, false), m.meses_inadim, m.codigo_inadim
  FROM cfg
  CROSS JOIN public.alunos a
  LEFT JOIN LATERAL (
    SELECT true AS hit, i.meses_inadim, i.codigo_inadim
    FROM public.inadimplentes i
    WHERE cfg.enabled
      AND i.tenant_id = a.tenant_id
      AND i.is_active
      AND i.student_name_norm = a.nome_norm
      AND (NOT cfg.require_guardian OR nullif(a.responsavel_nome_norm, '') IS NULL
           OR i.guardian1_name_norm = a.responsavel_nome_norm)
      AND (NOT cfg.require_same_school OR nullif(btrim(a.unidade), '') IS NULL
           OR i.student_escola_norm = public.norm_text(a.unidade))
      AND NOT EXISTS (
        SELECT 1 FROM public.liberacoes l
        WHERE l.tenant_id = a.tenant_id AND l.aluno_id = a.id
          AND l.revoked_at IS NULL AND l.valid_until > now())
    ORDER BY i.meses_inadim DESC NULLS LAST, i.codigo_inadim
    LIMIT 1
  ) m ON true
  WHERE a.tenant_id = public.app_tenant() AND a.id = ANY (p_aluno_ids);
END
$$;

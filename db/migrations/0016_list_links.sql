-- Issue 16: a list row may name its student. `codigo_aluno` keeps the student's
-- code exactly as finance's file gave it; `aluno_id` is the link itself. A linked
-- row blocks that student and nobody else (even a homonym), and keeps blocking
-- them through a change of name; an unlinked row keeps the name rule.
ALTER TABLE public.inadimplentes ADD COLUMN codigo_aluno text;
--> statement-breakpoint
ALTER TABLE public.inadimplentes ADD COLUMN aluno_id uuid;
--> statement-breakpoint
ALTER TABLE public.inadimplentes ADD CONSTRAINT inadimplentes_codigo_aluno_length_check
  CHECK (length(codigo_aluno) <= 50);
--> statement-breakpoint
-- The tenant is part of the key, so a row can never point at another school's
-- student: the referenced (tenant_id, id) pair exists only in the row's school.
-- Referential checks bypass RLS, which is why the tenant must be in the key.
ALTER TABLE public.inadimplentes ADD CONSTRAINT inadimplentes_aluno_fk
  FOREIGN KEY (tenant_id, aluno_id) REFERENCES public.alunos (tenant_id, id);
--> statement-breakpoint
-- The check's second probe (the linked rows of a student), the match report's
-- "linked to a student who left", and the foreign key's own lookups.
CREATE INDEX inadimplentes_active_aluno_idx ON public.inadimplentes (tenant_id, aluno_id) WHERE is_active;
--> statement-breakpoint
-- The match rule, once (SPEC §5). A plain SQL expression so that the planner
-- inlines it where it is used: the check probes the list by index through it, and
-- the match report and the rollout panel join through the same expression.
-- It answers false or NULL for "no match": use it in WHERE / EXISTS only.
CREATE FUNCTION public.inadimplencia_matches(
  i public.inadimplentes, a public.alunos, require_guardian boolean, require_same_school boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT i.tenant_id = a.tenant_id
    AND (i.aluno_id = a.id
         OR (i.aluno_id IS NULL
             AND i.student_name_norm = a.nome_norm
             AND (NOT require_guardian OR nullif(a.responsavel_nome_norm, '') IS NULL
                  OR i.guardian1_name_norm = a.responsavel_nome_norm)
             AND (NOT require_same_school OR nullif(btrim(a.unidade), '') IS NULL
                  OR i.student_escola_norm = public.norm_text(a.unidade))))
$$;
--> statement-breakpoint
-- The three flags the rule reads, for one school; a missing flag is false.
CREATE FUNCTION public.inadimplencia_match_cfg(p_tenant uuid,
  OUT enabled boolean, OUT require_guardian boolean, OUT require_same_school boolean)
LANGUAGE sql STABLE
AS $$
  SELECT
    coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.enabled'), false),
    coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_guardian'), false),
    coalesce(bool_or((c.value #>> '{}')::boolean) FILTER (WHERE c.key = 'rematricula.inadimplencia.match.require_same_school'), false)
  FROM public.system_config c
  WHERE c.tenant_id = p_tenant
    AND c.key IN ('rematricula.inadimplencia.enabled',
                  'rematricula.inadimplencia.match.require_guardian',
                  'rematricula.inadimplencia.match.require_same_school')
$$;
--> statement-breakpoint
-- The check, now through the rule above. The pages (check_inadimplencia) and the
-- rematrícula guard (rematriculas_enforce_inadimplencia) both call this
-- function, so neither holds a copy of the rule. Same answers for unlinked rows.
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
      AND NOT EXISTS (
        SELECT 1 FROM public.liberacoes l
        WHERE l.tenant_id = a.tenant_id AND l.aluno_id = a.id
          AND l.revoked_at IS NULL AND l.valid_until > now())
    ORDER BY i.meses_inadim DESC NULLS LAST, i.codigo_inadim
    LIMIT 1
  ) m ON true
  WHERE a.tenant_id = p_tenant AND a.id = ANY (p_aluno_ids);
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.inadimplencia_matches(public.inadimplentes, public.alunos, boolean, boolean),
  public.inadimplencia_match_cfg(uuid) TO rematricula_app;

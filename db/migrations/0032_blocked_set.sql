-- Issue 20: /rematricula at a large school. After 0030 the counts statement
-- still passed the ids of every pending student of the filter (2 355 of 3 000)
-- to check_inadimplencia as an array, which read those students again to
-- answer each, and handed back one row per id; that, not the check's body
-- (2.9 ms), was most of the ~10 ms. What blocks a school's students now is a
-- small set: the kept matches without a liberação in force (224 students
-- there). The set is now one function, the check reads it, and the campaign
-- joins it instead of asking about each pending student. Same rule, stated
-- once: inadimplencia_blocked_in is the only place that puts the kept
-- matches and the liberações together.
CREATE FUNCTION public.inadimplencia_blocked_in(p_tenant uuid)
RETURNS TABLE (aluno_id uuid, meses_inadim integer, codigo_inadim text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT k.aluno_id, k.meses_inadim, k.codigo_inadim
  FROM public.inadimplencia_kept_hits k
  WHERE k.tenant_id = p_tenant
    AND NOT EXISTS (SELECT 1 FROM public.liberacoes_em_vigor(p_tenant) v WHERE v.aluno_id = k.aluno_id)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.inadimplencia_blocked_in(uuid) FROM PUBLIC;
--> statement-breakpoint
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
  LEFT JOIN public.inadimplencia_blocked_in(p_tenant) m ON m.aluno_id = a.id
  WHERE a.tenant_id = p_tenant AND a.id IN (SELECT unnest(p_aluno_ids));
END
$$;
--> statement-breakpoint
-- The students of the caller's school blocked now, for the campaign's counts
-- and list: the same door as check_inadimplencia (the secretaria cannot read
-- the list), telling only who, for the school of the request.
CREATE FUNCTION public.check_inadimplencia_blocked()
RETURNS TABLE (aluno_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT b.aluno_id FROM public.inadimplencia_blocked_in(public.app_tenant()) b
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.check_inadimplencia_blocked() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.check_inadimplencia_blocked() TO rematricula_app;

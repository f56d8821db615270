-- Issue 20: two reads of every /rematricula view that cost more than they must.
--
-- The blocked set asked for each kept match whether a liberação is in force
-- with NOT EXISTS, which the planner runs as a nested loop: the liberações are
-- few or none, so it rescanned them once per kept match (308 at the large
-- school), 0.6 ms of a view for nothing. NOT IN over the liberações in force
-- reads them once into a hash and probes it: 0.03 ms. liberacoes.aluno_id is
-- NOT NULL, so NOT IN cannot meet the NULL that would make it answer nobody.
-- Same rule, same single place (0032).
CREATE OR REPLACE FUNCTION public.inadimplencia_blocked_in(p_tenant uuid)
RETURNS TABLE (aluno_id uuid, meses_inadim integer, codigo_inadim text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT k.aluno_id, k.meses_inadim, k.codigo_inadim
  FROM public.inadimplencia_kept_hits k
  WHERE k.tenant_id = p_tenant
    AND k.aluno_id NOT IN (SELECT v.aluno_id FROM public.liberacoes_em_vigor(p_tenant) v)
$$;
--> statement-breakpoint
-- The filters' options read the school's (série, turma) pairs by scanning all
-- its students and grouping them: 1.2 ms at 3 000 students, ten times that at
-- 30 000, on every view, for a few dozen pairs. This index holds the pairs in
-- order (NULL read as '', so that a row comparison never meets a NULL), and
-- campaign_classes walks it from one pair to the next: one probe per pair,
-- whatever the school's size.
CREATE INDEX alunos_classes_idx ON public.alunos (tenant_id, coalesce(serie, ''), coalesce(turma, ''));
--> statement-breakpoint
-- SECURITY DEFINER because row security keeps the walk's row comparison out of
-- the index (it is not leakproof), which turns each probe into a scan. It
-- answers for the request's school only (app_tenant), and only what the
-- alunos_read policy already lets every role of that school read.
CREATE FUNCTION public.campaign_classes()
RETURNS TABLE (serie text, turma text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH RECURSIVE pairs AS (
    (SELECT coalesce(a.serie, '') AS s, coalesce(a.turma, '') AS t FROM public.alunos a
     WHERE a.tenant_id = public.app_tenant()
     ORDER BY 1, 2 LIMIT 1)
    UNION ALL
    SELECT n.s, n.t FROM pairs p CROSS JOIN LATERAL (
      SELECT coalesce(a.serie, '') AS s, coalesce(a.turma, '') AS t FROM public.alunos a
      WHERE a.tenant_id = public.app_tenant() AND (coalesce(a.serie, ''), coalesce(a.turma, '')) > (p.s, p.t)
      ORDER BY 1, 2 LIMIT 1) n)
  SELECT s, t FROM pairs
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.campaign_classes() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.campaign_classes() TO rematricula_app;

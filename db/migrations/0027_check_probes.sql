-- Issue 20: the counts of /rematricula at a large school, measured after 0025
-- (3 000 students, 100 000 list rows; docs/benchmarks.md "After migration
-- 0027"). The check read the given students twice (in check_inadimplencia_in
-- and again in the hits: a scan and a hash each in the app's custom plans, a
-- probe per id in the generic plan PL/pgSQL keeps after five calls when the
-- transaction leaves plan_cache_mode at auto, as bulk work does), then probed
-- the list twice per student (linked rows, unlinked rows with the student's
-- name), and called liberacao_em_vigor once per matching student: a scalar SQL
-- function whose body is a subquery is never inlined, so each was a function
-- call of its own. Three changes, same rule, same answers:
--
-- 1. The liberação rule becomes a set, liberacoes_em_vigor(school): the students
--    of a school with a liberação in force now. A set-returning SQL function is
--    inlined into the query that reads it, so the hits are filtered by one
--    anti-join with the school's liberações instead of a function call per hit.
--    liberacao_em_vigor (the import's preview and the match report ask it per
--    student) now reads that same set, so the rule is still stated once.
--    It depends on now(): it is asked at every check, nothing is kept.
CREATE FUNCTION public.liberacoes_em_vigor(p_tenant uuid)
RETURNS TABLE (aluno_id uuid)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT l.aluno_id FROM public.liberacoes l
  WHERE l.tenant_id = p_tenant AND l.revoked_at IS NULL AND l.valid_until > now()
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.liberacoes_em_vigor(uuid) TO rematricula_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.liberacao_em_vigor(p_tenant uuid, p_aluno uuid)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT EXISTS (SELECT 1 FROM public.liberacoes_em_vigor(p_tenant) v WHERE v.aluno_id = p_aluno)
$$;
--> statement-breakpoint
-- 2. The linked arm probes an index of the linked rows only. The index of 0016
--    held every active row, nearly all of them unlinked (aluno_id NULL), so
--    each probe went down a tree of the whole list; the linked rows of a school
--    are at most a few per student, and their index is a page or two deep.
--    Every reader of the old index asks for a given aluno_id, which implies
--    NOT NULL, so they all can use this one (the foreign key's own lookups have
--    no is_active and never used either). Imports also write one index entry
--    less per unlinked row.
DROP INDEX public.inadimplentes_active_aluno_idx;
--> statement-breakpoint
CREATE INDEX inadimplentes_active_aluno_idx ON public.inadimplentes (tenant_id, aluno_id)
  WHERE is_active AND aluno_id IS NOT NULL;
--> statement-breakpoint
-- 3. The check in one query: check_inadimplencia_in reads the given students
--    once (s) and answers every one of them from there, so the hits are no
--    longer a function of their own (inadimplencia_hits, 0020, is dropped; the
--    check was its only caller). The rule is still inadimplencia_matches (0016),
--    asked by both arms; the arms are those of 0020 (see there why they are
--    exactly the rule's two ways to match), the order of work that of 0025. The
--    rematrícula guard and the pages' check_inadimplencia both call this
--    function, so they still share one definition.
CREATE OR REPLACE FUNCTION public.check_inadimplencia_in(p_tenant uuid, p_aluno_ids uuid[])
RETURNS TABLE (aluno_id uuid, is_inadimplente boolean, meses_inadim integer, codigo_inadim text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
ROWS 50
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
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
  ),
  -- Blocked: a hit and no liberação in force; the row that owes most months
  -- (then the smallest code) is the one shown, as before.
  m AS (
    SELECT DISTINCT ON (h.aluno_id) h.aluno_id, h.meses_inadim, h.codigo_inadim
    FROM h
    WHERE NOT EXISTS (SELECT 1 FROM public.liberacoes_em_vigor(p_tenant) v WHERE v.aluno_id = h.aluno_id)
    ORDER BY h.aluno_id, h.meses_inadim DESC NULLS LAST, h.codigo_inadim
  )
  SELECT (s.a).id, m.aluno_id IS NOT NULL, m.meses_inadim, m.codigo_inadim
  FROM s LEFT JOIN m ON m.aluno_id = (s.a).id;
END
$$;
--> statement-breakpoint
DROP FUNCTION public.inadimplencia_hits(uuid, uuid[]);

-- A family's anonymisation request now also masks the import reports' lines
-- that name the student (the invalid rows and warnings kept on a batch for its
-- error CSV). They were in the family's export, found by the student's
-- normalised name, but stayed until the reports' retention period ended
-- (docs/privacidade.md). The same rule finds them here: a line whose text
-- holds the name keeps its number, and its reason becomes "Anonimizado"; the
-- batch's counts stay. Like the export, the rule reads a name, so a homonym's
-- line is masked too: masking one line too many costs nothing.
CREATE FUNCTION public.privacy_mask_report_lines(p_errors jsonb, p_nome_norm text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = public, pg_temp
AS $$
  SELECT coalesce(jsonb_object_agg(o.k, CASE WHEN jsonb_typeof(o.v) = 'array' THEN (
      SELECT coalesce(jsonb_agg(CASE WHEN public.norm_text(x.e::text) LIKE '%' || p_nome_norm || '%'
          THEN jsonb_build_object('line', x.e -> 'line', 'reason', 'Anonimizado') ELSE x.e END ORDER BY x.n), '[]'::jsonb)
      FROM jsonb_array_elements(o.v) WITH ORDINALITY AS x(e, n))
    ELSE o.v END), p_errors)
  FROM jsonb_each(p_errors) AS o(k, v)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.privacy_mask_report_lines(jsonb, text) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.privacy_anonymize_aluno(p_aluno uuid) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  t uuid := public.app_tenant();
  a public.alunos;
  reason text;
  rows uuid[];
  label text;
BEGIN
  IF t IS NULL OR NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only the school''s admins anonymise a student' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO a FROM public.alunos WHERE tenant_id = t AND id = p_aluno FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such student' USING ERRCODE = 'P0002';
  END IF;
  IF a.anonymized_at IS NOT NULL THEN
    RETURN 'ja_anonimizado';
  END IF;
  SELECT array_agg(r.id) INTO rows FROM public.privacy_aluno_list_rows(t, p_aluno) r;
  reason := CASE
    WHEN a.status = 'ativo' THEN 'aluno_ativo'
    WHEN EXISTS (SELECT 1 FROM public.rematriculas r WHERE r.tenant_id = t AND r.aluno_id = p_aluno
                 AND r.status = 'concluida' AND r.ano_letivo >= coalesce(a.ano_letivo, 0)) THEN 'rematricula_aberta'
    WHEN EXISTS (SELECT 1 FROM public.inadimplentes i WHERE i.tenant_id = t AND i.id = ANY (coalesce(rows, '{}')) AND i.is_active)
      THEN 'debito_ativo'
  END;
  IF reason IS NOT NULL THEN
    INSERT INTO public.privacy_requests (tenant_id, aluno_id, kind, outcome, reason, actor)
    VALUES (t, p_aluno, 'anonimizacao', 'recusado', reason, public.app_user());
    RETURN reason;
  END IF;
  label := 'Anonimizado ' || left(p_aluno::text, 8);
  PERFORM public.privacy_anonymize_list_rows(t, coalesce(rows, '{}'));
  PERFORM set_config('app.privacy_purge', 'on', true);
  UPDATE public.alunos SET nome = label, cpf = NULL, data_nascimento = NULL, telefone = NULL, matricula = NULL,
    responsavel_nome = NULL, responsavel_telefone = NULL, anonymized_at = now(), updated_at = now()
  WHERE tenant_id = t AND id = p_aluno;
  UPDATE public.audit_log l SET
    before = CASE WHEN l.before IS NULL THEN NULL ELSE l.before || jsonb_build_object('nome', label, 'nome_norm', public.norm_text(label),
      'cpf', NULL, 'data_nascimento', NULL, 'telefone', NULL, 'matricula', NULL, 'responsavel_nome', NULL,
      'responsavel_nome_norm', NULL, 'responsavel_telefone', NULL) END,
    after = l.after || jsonb_build_object('nome', label, 'nome_norm', public.norm_text(label),
      'cpf', NULL, 'data_nascimento', NULL, 'telefone', NULL, 'matricula', NULL, 'responsavel_nome', NULL,
      'responsavel_nome_norm', NULL, 'responsavel_telefone', NULL)
  WHERE l.tenant_id = t AND l.entity = 'aluno' AND l.entity_key = p_aluno::text;
  -- The roster import's record of the student (migration 0017), what its undo restores.
  UPDATE public.import_batch_alunos x SET before = public.privacy_mask_aluno_copy(x.before, p_aluno),
    after = public.privacy_mask_aluno_copy(x.after, p_aluno)
  WHERE x.tenant_id = t AND x.aluno_id = p_aluno;
  -- The import reports' lines that name the student, found as the family's
  -- export finds them, keep their line number only.
  UPDATE public.import_batches b SET errors = public.privacy_mask_report_lines(b.errors, a.nome_norm)
  WHERE b.tenant_id = t AND b.errors IS NOT NULL
    AND public.norm_text(b.errors::text) LIKE '%' || a.nome_norm || '%';
  UPDATE public.liberacoes SET reason = 'Anonimizado' WHERE tenant_id = t AND aluno_id = p_aluno;
  UPDATE public.audit_log l SET
    before = CASE WHEN l.before IS NULL THEN NULL ELSE l.before || '{"reason": "Anonimizado"}' END,
    after = l.after || '{"reason": "Anonimizado"}'
  WHERE l.tenant_id = t AND l.entity = 'liberacao'
    AND l.entity_key IN (SELECT b.id::text FROM public.liberacoes b WHERE b.tenant_id = t AND b.aluno_id = p_aluno);
  -- Rematrículas have no trail of their own: the row is the only copy of the reason.
  UPDATE public.rematriculas SET cancel_reason = 'Anonimizado'
  WHERE tenant_id = t AND aluno_id = p_aluno AND cancel_reason IS NOT NULL;
  UPDATE public.rematricula_events SET codigo_inadim = NULL WHERE tenant_id = t AND aluno_id = p_aluno;
  PERFORM set_config('app.privacy_purge', 'off', true);
  INSERT INTO public.privacy_requests (tenant_id, aluno_id, kind, outcome, actor)
  VALUES (t, p_aluno, 'anonimizacao', 'anonimizado', public.app_user());
  RETURN NULL;
END
$$;

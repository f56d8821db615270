-- Issue 18 (a school's first day): two narrow doors for the screens.

-- Issue 18: a member whose last role here was removed must stay identifiable to
-- the school's admins, or the admin who removed it by mistake cannot tell whom
-- to add back. users_visible still hides such a person's row (phone included);
-- this narrow door gives the school's admins only the name and e-mail the school
-- already held, of accounts that were members here and have no active role now.
-- Whether the person belongs to another school is not part of the answer.
CREATE FUNCTION public.admin_former_members()
RETURNS TABLE (user_id uuid, name text, email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT u.id, u.name, u.email
  FROM public.users u
  WHERE public.app_is_admin()
    AND EXISTS (SELECT 1 FROM public.memberships m
                WHERE m.user_id = u.id AND m.tenant_id = public.app_tenant())
    AND NOT EXISTS (SELECT 1 FROM public.memberships m
                    WHERE m.user_id = u.id AND m.tenant_id = public.app_tenant() AND m.active)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.admin_former_members() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_former_members() TO rematricula_app;
--> statement-breakpoint
-- Issue 18: after a liberação, the student's page tells the front desk until
-- when the student is free. The secretaria cannot read liberacoes (finance
-- only); this answers one date, and only while the liberação is what frees the
-- student: the check is on and an active list row matches them by the check's
-- own rule (inadimplencia_matches). Otherwise NULL, so it tells nothing about a
-- student the list does not reach.
CREATE FUNCTION public.liberado_ate(p_aluno uuid) RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT max(l.valid_until)
  FROM public.liberacoes l
  JOIN public.alunos a ON a.tenant_id = l.tenant_id AND a.id = l.aluno_id
  CROSS JOIN public.inadimplencia_match_cfg(public.app_tenant()) cfg
  WHERE (public.app_can_reenroll() OR public.app_is_finance())
    AND l.tenant_id = public.app_tenant() AND l.aluno_id = p_aluno
    AND l.revoked_at IS NULL AND l.valid_until > now()
    AND cfg.enabled
    AND EXISTS (SELECT 1 FROM public.inadimplentes i
                WHERE i.tenant_id = a.tenant_id AND i.is_active
                  AND public.inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.liberado_ate(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.liberado_ate(uuid) TO rematricula_app;

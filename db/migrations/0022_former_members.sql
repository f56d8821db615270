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

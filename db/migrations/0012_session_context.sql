-- The request's user with their active schools and roles, in one statement
-- outside any transaction. Every page and action starts by resolving them
-- (lib/auth/resolve.ts); as rematricula_app that took BEGIN, the settings, the
-- query and COMMIT: four of the nine database round trips of a signed-in page
-- (docs/benchmarks-load.md). It answers exactly what the policies showed that
-- transaction, with app.current_user set and no tenant: the user's own row
-- (users_visible), their own active memberships (memberships_read) and the
-- schools of those (tenants_visible). The user id is the caller's word, as
-- app.current_user always was: only a member of rematricula_app may call it,
-- and such a login may set that setting anyway.
CREATE FUNCTION public.app_session_context(p_user uuid) RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN (
    SELECT json_build_object(
      'name', u.name,
      'email', u.email,
      'last_tenant_id', u.last_tenant_id,
      'must_change_password', u.must_change_password,
      'memberships', coalesce((
        SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name, 'role', m.role) ORDER BY t.name)
        FROM public.memberships m JOIN public.tenants t ON t.id = m.tenant_id
        WHERE m.user_id = u.id AND m.active), '[]'::json))
    FROM public.users u
    WHERE u.id = p_user);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.app_session_context(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_session_context(uuid) TO rematricula_app;

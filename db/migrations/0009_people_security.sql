-- People and schools (issue 9): the narrow doors through which the app role
-- creates users, sets passwords and creates schools, and the invariants the
-- database keeps about memberships whatever code runs.

-- A deactivated member's contact data is no longer the school's to see: only
-- users with an ACTIVE membership in the request's tenant are visible (besides
-- oneself).
DROP POLICY users_visible ON public.users;
--> statement-breakpoint
CREATE POLICY users_visible ON public.users FOR SELECT TO rematricula_app
USING (id = (SELECT public.app_user()) OR EXISTS (
  SELECT 1 FROM public.memberships m
  WHERE m.user_id = users.id AND m.tenant_id = (SELECT public.app_tenant()) AND m.active));
--> statement-breakpoint
GRANT SELECT (must_change_password) ON public.users TO rematricula_app;
--> statement-breakpoint
-- A student's name is what the delinquency check matches on, so it is the
-- school's record: a user renaming themself must not rename (and so unblock)
-- their student rows. Only the phone still follows the user; a name change of
-- the student goes through the school's staff (/admin/alunos). Re-activating an
-- aluno membership, a staff action, still copies the user's name.
CREATE OR REPLACE FUNCTION public.sync_alunos_from_user() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  UPDATE public.alunos SET telefone = NEW.phone, updated_at = now()
  WHERE user_id = NEW.id;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER users_sync_alunos ON public.users;
--> statement-breakpoint
CREATE TRIGGER users_sync_alunos
AFTER UPDATE OF phone ON public.users
FOR EACH ROW WHEN (OLD.phone IS DISTINCT FROM NEW.phone)
EXECUTE FUNCTION public.sync_alunos_from_user();
--> statement-breakpoint
-- The user behind an e-mail, created with a temporary password when new. Only a
-- school admin may ask (it tells whether an e-mail is registered, and creates a
-- login); the membership itself is then written by the app under RLS, so the
-- policies on memberships still decide which roles may be handed out. The
-- upsert on the case-insensitive key makes two concurrent adds end in one user.
CREATE OR REPLACE FUNCTION public.admin_find_or_create_user(p_email text, p_name text, p_password_hash text)
RETURNS TABLE (found_user_id uuid, created boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_email text := lower(btrim(p_email));
  v_id uuid;
BEGIN
  IF NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only a school admin may add people' USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.users (email, name, password_hash, must_change_password)
  VALUES (v_email, btrim(p_name), p_password_hash, true)
  ON CONFLICT ((lower(email))) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NOT NULL THEN
    RETURN QUERY SELECT v_id, true;
    RETURN;
  END IF;
  SELECT u.id INTO v_id FROM public.users u WHERE lower(u.email) = v_email;
  RETURN QUERY SELECT v_id, false;
END
$$;
--> statement-breakpoint
-- A new temporary password for a member of the request's school. A school's
-- admin may not take over an account that another school (or the platform)
-- relies on: a user with an active membership elsewhere, or a superadmin, is
-- reset by a superadmin only (RM003). A non-member is simply not found.
CREATE OR REPLACE FUNCTION public.admin_reset_password(p_user uuid, p_password_hash text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only a school admin may reset passwords' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.memberships m
                 WHERE m.tenant_id = public.app_tenant() AND m.user_id = p_user AND m.active) THEN
    RETURN false;
  END IF;
  IF NOT public.app_has_role(ARRAY['superadmin']) AND EXISTS (
      SELECT 1 FROM public.memberships m
      WHERE m.user_id = p_user AND m.active AND (m.tenant_id <> public.app_tenant() OR m.role = 'superadmin')) THEN
    RAISE EXCEPTION 'the user belongs to another school' USING ERRCODE = 'RM003';
  END IF;
  UPDATE public.users SET password_hash = p_password_hash, must_change_password = true, updated_at = now()
  WHERE id = p_user;
  RETURN true;
END
$$;
--> statement-breakpoint
-- The signed-in user's own new password (the app has checked the current one);
-- it also ends the "must change" state of a temporary password.
CREATE OR REPLACE FUNCTION public.set_own_password(p_password_hash text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  UPDATE public.users SET password_hash = p_password_hash, must_change_password = false, updated_at = now()
  WHERE id = public.app_user();
  RETURN FOUND;
END
$$;
--> statement-breakpoint
-- A new school, its unidades and its first admin, in one go. The caller must hold
-- superadmin somewhere: the new tenant has no membership yet, so no policy of it
-- could allow the writes. Its flags get the defaults from tenants_config_defaults.
CREATE OR REPLACE FUNCTION public.create_tenant(
  p_slug text, p_name text, p_unidades text[], p_admin_email text, p_admin_name text, p_password_hash text)
RETURNS TABLE (new_tenant_id uuid, admin_user_id uuid, admin_created boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_tenant uuid;
  v_user uuid;
  v_created boolean := false;
  v_email text := lower(btrim(p_admin_email));
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.memberships m
                 WHERE m.user_id = public.app_user() AND m.role = 'superadmin' AND m.active) THEN
    RAISE EXCEPTION 'only a superadmin may create schools' USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.tenants (slug, name) VALUES (btrim(p_slug), btrim(p_name)) RETURNING id INTO v_tenant;
  INSERT INTO public.unidades (tenant_id, name)
  SELECT DISTINCT v_tenant, btrim(u) FROM unnest(p_unidades) AS u WHERE btrim(u) <> '';
  INSERT INTO public.users (email, name, password_hash, must_change_password)
  VALUES (v_email, btrim(p_admin_name), p_password_hash, true)
  ON CONFLICT ((lower(email))) DO NOTHING
  RETURNING id INTO v_user;
  IF v_user IS NULL THEN
    SELECT u.id INTO v_user FROM public.users u WHERE lower(u.email) = v_email;
  ELSE
    v_created := true;
  END IF;
  INSERT INTO public.memberships (tenant_id, user_id, role) VALUES (v_tenant, v_user, 'admin');
  RETURN QUERY SELECT v_tenant, v_user, v_created;
END
$$;
--> statement-breakpoint
-- A school always keeps an active admin: removing or deactivating the last one is
-- refused (RM002). The per-school advisory lock serialises concurrent removals,
-- and the count then runs on a fresh snapshot, so two admins removing each other
-- at the same moment cannot both succeed.
CREATE OR REPLACE FUNCTION public.memberships_keep_an_admin() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF OLD.role <> 'admin' OR NOT OLD.active OR (NEW.active AND NEW.role = OLD.role) THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext(OLD.tenant_id::text || ':admins'));
  IF NOT EXISTS (SELECT 1 FROM public.memberships m
                 WHERE m.tenant_id = OLD.tenant_id AND m.role = 'admin' AND m.active
                   AND m.user_id <> OLD.user_id) THEN
    RAISE EXCEPTION 'LAST_ADMIN' USING ERRCODE = 'RM002',
      DETAIL = 'a school must keep at least one active admin';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_keep_an_admin
BEFORE UPDATE OF role, active ON public.memberships
FOR EACH ROW EXECUTE FUNCTION public.memberships_keep_an_admin();
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.admin_find_or_create_user(text, text, text), public.admin_reset_password(uuid, text),
  public.set_own_password(text), public.create_tenant(text, text, text[], text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_find_or_create_user(text, text, text), public.admin_reset_password(uuid, text),
  public.set_own_password(text), public.create_tenant(text, text, text[], text, text, text) TO rematricula_app;

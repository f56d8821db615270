-- Issue 15: accounts that several schools share, sessions that really end, and
-- columns the database keeps true whatever the application writes.

-- Sessions are records on the server: the cookie names one, and the one lookup
-- every request already makes (app_session_context) finds nothing once the row
-- is gone. "Sair" deletes its row; a password change, a reset, a deactivation
-- and "Sair em todos os dispositivos" delete the user's rows. Only the SECURITY
-- DEFINER functions below touch the table: no policy, no grant.
CREATE TABLE public.user_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX user_sessions_user_idx ON public.user_sessions (user_id);
--> statement-breakpoint
ALTER TABLE public.user_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.user_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A new session at sign-in (the user id is the caller's word, as in
-- app_session_context: only a member of rematricula_app may call it). A session
-- lasts at most 30 days from sign-in, however often it is used; the user's
-- expired rows are cleared here.
CREATE FUNCTION public.app_session_open(p_user uuid) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_id uuid;
BEGIN
  DELETE FROM public.user_sessions WHERE user_id = p_user AND expires_at <= now();
  INSERT INTO public.user_sessions (user_id, expires_at) VALUES (p_user, now() + interval '30 days')
  RETURNING id INTO v_id;
  RETURN v_id;
END
$$;
--> statement-breakpoint
-- "Sair": this session only.
CREATE FUNCTION public.app_session_end(p_session uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ DELETE FROM public.user_sessions WHERE id = p_session $$;
--> statement-breakpoint
-- Every session of the request's user but p_keep (NULL: all of them), for
-- "Sair em todos os dispositivos" and one's own password change.
CREATE FUNCTION public.app_sessions_end_mine(p_keep uuid) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH gone AS (DELETE FROM public.user_sessions
    WHERE user_id = public.app_user() AND id IS DISTINCT FROM p_keep RETURNING 1)
  SELECT count(*)::int FROM gone
$$;
--> statement-breakpoint
-- Migration 0012's context, now for one session of the user: nothing when the
-- session was ended or expired, so a cookie copied before "Sair" opens nothing.
-- It also counts the user's pending invitations, for the header's link.
DROP FUNCTION public.app_session_context(uuid);
--> statement-breakpoint
CREATE FUNCTION public.app_session_context(p_user uuid, p_session uuid) RETURNS json
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
        WHERE m.user_id = u.id AND m.active), '[]'::json),
      'invitations', (SELECT count(*) FROM public.invitations i WHERE i.user_id = u.id AND i.status = 'pending'))
    FROM public.users u
    JOIN public.user_sessions s ON s.user_id = u.id AND s.id = p_session AND s.expires_at > now()
    WHERE u.id = p_user);
END
$$;
--> statement-breakpoint
-- Losing the last role in a school ends the person's sessions at once (also in
-- other schools: they sign in again there), whichever code deactivates them.
CREATE FUNCTION public.memberships_end_sessions() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF OLD.active AND NOT NEW.active AND NOT EXISTS (
      SELECT 1 FROM public.memberships m WHERE m.tenant_id = NEW.tenant_id AND m.user_id = NEW.user_id AND m.active) THEN
    DELETE FROM public.user_sessions WHERE user_id = NEW.user_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_end_sessions
AFTER UPDATE OF active ON public.memberships
FOR EACH ROW EXECUTE FUNCTION public.memberships_end_sessions();
--> statement-breakpoint
-- Whether the request's school may attach this account without asking its
-- holder: it is already an active member here, or it belongs to no other school
-- at all (active or not). Anything else needs the holder's consent (an
-- invitation, accepted by answer_invitation).
CREATE FUNCTION public.app_may_attach(p_user uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM public.memberships m
                 WHERE m.user_id = p_user AND m.tenant_id = public.app_tenant() AND m.active)
      OR NOT EXISTS (SELECT 1 FROM public.memberships m
                     WHERE m.user_id = p_user AND m.tenant_id IS DISTINCT FROM public.app_tenant())
$$;
--> statement-breakpoint
-- Whether the request's user may change this account's credentials: a
-- superadmin always; a school's admin only when every membership of the
-- account, active or not, is in this school and none is superadmin. A school
-- that once deactivated someone still relies on that account.
CREATE FUNCTION public.admin_may_reset(p_user uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT public.app_has_role(ARRAY['superadmin']) OR (public.app_is_admin() AND NOT EXISTS (
    SELECT 1 FROM public.memberships m
    WHERE m.user_id = p_user AND (m.tenant_id IS DISTINCT FROM public.app_tenant() OR m.role = 'superadmin')))
$$;
--> statement-breakpoint
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
  IF NOT public.admin_may_reset(p_user) THEN
    RAISE EXCEPTION 'the account belongs to more than this school' USING ERRCODE = 'RM003';
  END IF;
  UPDATE public.users SET password_hash = p_password_hash, must_change_password = true, updated_at = now()
  WHERE id = p_user;
  DELETE FROM public.user_sessions WHERE user_id = p_user;
  RETURN true;
END
$$;
--> statement-breakpoint
-- Memberships: an admin attaches only accounts that app_may_attach allows, and
-- neither changes nor deactivates a superadmin's membership (USING now names
-- the row's current role too, not only the new one).
DROP POLICY memberships_insert ON public.memberships;
--> statement-breakpoint
DROP POLICY memberships_update ON public.memberships;
--> statement-breakpoint
CREATE POLICY memberships_insert ON public.memberships FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin())
  AND (role <> 'superadmin' OR (SELECT public.app_has_role(ARRAY['superadmin'])))
  AND public.app_may_attach(user_id));
--> statement-breakpoint
CREATE POLICY memberships_update ON public.memberships FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin())
  AND (role <> 'superadmin' OR (SELECT public.app_has_role(ARRAY['superadmin']))))
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin())
  AND (role <> 'superadmin' OR (SELECT public.app_has_role(ARRAY['superadmin'])))
  AND (NOT active OR public.app_may_attach(user_id)));
--> statement-breakpoint
-- An invitation of an existing account to a school. The admin sees what they
-- typed (e-mail, role) and the answer, never the account: user_id is not
-- granted, and users_visible shows nobody without an active membership here.
CREATE TABLE public.invitations (
  tenant_id uuid NOT NULL REFERENCES public.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users (id),
  email text NOT NULL,
  role text NOT NULL,
  aluno_id uuid,
  invited_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending',
  answered_at timestamptz,
  CONSTRAINT invitations_tenant_id_id_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT invitations_aluno_fk FOREIGN KEY (tenant_id, aluno_id) REFERENCES public.alunos (tenant_id, id),
  CONSTRAINT invitations_role_check CHECK (role IN ('aluno','professor','secretaria','financeiro','coordenador','admin','superadmin')),
  CONSTRAINT invitations_status_check CHECK (status IN ('pending','accepted','declined'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX invitations_pending_key ON public.invitations (tenant_id, user_id, role) WHERE status = 'pending';
--> statement-breakpoint
CREATE INDEX invitations_user_idx ON public.invitations (user_id) WHERE status = 'pending';
--> statement-breakpoint
ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invitations_read ON public.invitations FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
GRANT SELECT (tenant_id, id, email, role, created_at, status, answered_at) ON public.invitations TO rematricula_app;
--> statement-breakpoint
-- The membership itself, for add_member and answer_invitation (not granted):
-- a student record the school already made (p_aluno) becomes the account's, and
-- the aluno trigger then copies the account's name and phone into it.
CREATE FUNCTION public.attach_member(p_tenant uuid, p_user uuid, p_role text, p_aluno uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF p_aluno IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM public.alunos a WHERE a.tenant_id = p_tenant AND a.user_id = p_user) THEN
    UPDATE public.alunos SET user_id = p_user, updated_at = now()
    WHERE tenant_id = p_tenant AND id = p_aluno AND user_id IS NULL;
  END IF;
  INSERT INTO public.memberships (tenant_id, user_id, role) VALUES (p_tenant, p_user, p_role)
  ON CONFLICT (tenant_id, user_id, role) DO UPDATE SET active = true, updated_at = now()
  WHERE NOT memberships.active;
END
$$;
--> statement-breakpoint
-- "Add this e-mail" (SPEC §9). A new e-mail gets an account with the temporary
-- password and the membership ('created'); an account already active in this
-- school gets the role ('added'); any other account gets an invitation
-- ('invited') and nothing else: no membership, no student data copied, and no
-- account id, name or school in the answer, so the admin cannot tell an account
-- of another school from one that has none.
CREATE FUNCTION public.admin_add_member(p_email text, p_name text, p_role text, p_password_hash text, p_aluno uuid)
RETURNS TABLE (outcome text, member_id uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_email text := lower(btrim(p_email));
  v_tenant uuid := public.app_tenant();
  v_id uuid;
BEGIN
  IF NOT public.app_is_admin() OR (p_role = 'superadmin' AND NOT public.app_has_role(ARRAY['superadmin'])) THEN
    RAISE EXCEPTION 'only a school admin may add people' USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.users (email, name, password_hash, must_change_password)
  VALUES (v_email, btrim(p_name), p_password_hash, true)
  ON CONFLICT ((lower(email))) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NOT NULL THEN
    PERFORM public.attach_member(v_tenant, v_id, p_role, p_aluno);
    RETURN QUERY SELECT 'created'::text, v_id;
    RETURN;
  END IF;
  SELECT u.id INTO v_id FROM public.users u WHERE lower(u.email) = v_email;
  IF EXISTS (SELECT 1 FROM public.memberships m WHERE m.tenant_id = v_tenant AND m.user_id = v_id AND m.active) THEN
    PERFORM public.attach_member(v_tenant, v_id, p_role, p_aluno);
    RETURN QUERY SELECT 'added'::text, v_id;
    RETURN;
  END IF;
  INSERT INTO public.invitations (tenant_id, user_id, email, role, aluno_id, invited_by)
  VALUES (v_tenant, v_id, v_email, p_role, p_aluno, public.app_user())
  ON CONFLICT (tenant_id, user_id, role) WHERE status = 'pending'
  DO UPDATE SET aluno_id = coalesce(EXCLUDED.aluno_id, invitations.aluno_id), invited_by = EXCLUDED.invited_by,
    created_at = now();
  RETURN QUERY SELECT 'invited'::text, NULL::uuid;
END
$$;
--> statement-breakpoint
-- The signed-in user's pending invitations, with the school's name (the
-- invitee cannot see that school otherwise).
CREATE FUNCTION public.my_invitations() RETURNS TABLE (id uuid, tenant_name text, role text, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT i.id, t.name, i.role, i.created_at
  FROM public.invitations i JOIN public.tenants t ON t.id = i.tenant_id
  WHERE i.user_id = public.app_user() AND i.status = 'pending'
  ORDER BY i.created_at, t.name
$$;
--> statement-breakpoint
-- Accepting (only then the membership exists) or declining one's own invitation.
CREATE FUNCTION public.answer_invitation(p_id uuid, p_accept boolean) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  inv record;
BEGIN
  SELECT * INTO inv FROM public.invitations i
  WHERE i.id = p_id AND i.user_id = public.app_user() AND i.status = 'pending'
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF p_accept THEN
    PERFORM public.attach_member(inv.tenant_id, inv.user_id, inv.role, inv.aluno_id);
  END IF;
  UPDATE public.invitations SET status = CASE WHEN p_accept THEN 'accepted' ELSE 'declined' END, answered_at = now()
  WHERE tenant_id = inv.tenant_id AND id = inv.id;
  RETURN true;
END
$$;
--> statement-breakpoint
-- The old door answered any e-mail with its account id: gone.
DROP FUNCTION public.admin_find_or_create_user(text, text, text);
--> statement-breakpoint
-- A rematrícula keeps its student and school year (the block trigger fires on
-- status only, so re-pointing a finished row at a delinquent student would skip
-- it), and who finalized or cancelled it is the request's user, whatever the
-- statement wrote. Without a request's user (migrations, the seed, fixtures)
-- the columns are taken as written.
CREATE FUNCTION public.rematriculas_keep_true() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  actor uuid := public.app_user();
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.tenant_id, NEW.id, NEW.aluno_id, NEW.ano_letivo)
      IS DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.aluno_id, OLD.ano_letivo) THEN
    RAISE EXCEPTION 'a rematrícula keeps its student and school year' USING ERRCODE = 'RM004';
  END IF;
  IF actor IS NULL THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.finalized_by := actor;
    NEW.finalized_at := now();
    NEW.cancelled_by := NULL;
    NEW.cancelled_at := NULL;
    NEW.cancel_reason := NULL;
    RETURN NEW;
  END IF;
  IF NEW.status = 'concluida' AND OLD.status <> 'concluida' THEN
    NEW.finalized_by := actor;
    NEW.finalized_at := now();
  ELSE
    NEW.finalized_by := OLD.finalized_by;
    NEW.finalized_at := OLD.finalized_at;
  END IF;
  IF NEW.status = 'cancelada' AND OLD.status <> 'cancelada' THEN
    NEW.cancelled_by := actor;
    NEW.cancelled_at := now();
  ELSE
    NEW.cancelled_by := OLD.cancelled_by;
    NEW.cancelled_at := OLD.cancelled_at;
    NEW.cancel_reason := OLD.cancel_reason;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rematriculas_keep_true
BEFORE INSERT OR UPDATE ON public.rematriculas
FOR EACH ROW EXECUTE FUNCTION public.rematriculas_keep_true();
--> statement-breakpoint
-- A finalize attempt's actor and time are the request's, too.
CREATE FUNCTION public.rematricula_events_actor() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  IF public.app_user() IS NOT NULL THEN
    NEW.actor := public.app_user();
    NEW.at := now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rematricula_events_actor
BEFORE INSERT ON public.rematricula_events
FOR EACH ROW EXECUTE FUNCTION public.rematricula_events_actor();
--> statement-breakpoint
-- Every export of school data as a file (campaign list, delinquent list, an
-- import's errors): who, when, which filters, how many rows. Written by
-- app_record_export only (the actor is the request's user), read by admins.
CREATE TABLE public.export_log (
  tenant_id uuid NOT NULL REFERENCES public.tenants (id),
  id bigserial NOT NULL,
  kind text NOT NULL,
  actor uuid,
  at timestamptz NOT NULL DEFAULT now(),
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  row_count integer NOT NULL,
  CONSTRAINT export_log_tenant_id_id_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT export_log_kind_check CHECK (kind IN ('rematricula', 'inadimplentes', 'import_errors'))
);
--> statement-breakpoint
CREATE INDEX export_log_at_idx ON public.export_log (tenant_id, at DESC);
--> statement-breakpoint
ALTER TABLE public.export_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.export_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY export_log_read ON public.export_log FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_is_admin()));
--> statement-breakpoint
GRANT SELECT ON public.export_log TO rematricula_app;
--> statement-breakpoint
CREATE FUNCTION public.app_record_export(p_kind text, p_filters jsonb, p_rows integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF public.app_tenant() IS NULL OR public.app_user() IS NULL OR NOT EXISTS (
      SELECT 1 FROM public.memberships m
      WHERE m.tenant_id = public.app_tenant() AND m.user_id = public.app_user() AND m.active) THEN
    RAISE EXCEPTION 'only a member of the school records its exports' USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.export_log (tenant_id, kind, actor, filters, row_count)
  VALUES (public.app_tenant(), p_kind, public.app_user(), coalesce(p_filters, '{}'::jsonb), p_rows);
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.export_log_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION 'export_log is append-only'; END $$;
--> statement-breakpoint
CREATE TRIGGER export_log_append_only
BEFORE UPDATE OR DELETE ON public.export_log
FOR EACH STATEMENT EXECUTE FUNCTION public.export_log_append_only();
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.app_session_open(uuid), public.app_session_end(uuid), public.app_sessions_end_mine(uuid),
  public.app_session_context(uuid, uuid), public.app_may_attach(uuid), public.admin_may_reset(uuid),
  public.attach_member(uuid, uuid, text, uuid), public.admin_add_member(text, text, text, text, uuid),
  public.my_invitations(), public.answer_invitation(uuid, boolean), public.app_record_export(text, jsonb, integer)
  FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_session_open(uuid), public.app_session_end(uuid), public.app_sessions_end_mine(uuid),
  public.app_session_context(uuid, uuid), public.app_may_attach(uuid), public.admin_may_reset(uuid),
  public.admin_add_member(text, text, text, text, uuid), public.my_invitations(), public.answer_invitation(uuid, boolean),
  public.app_record_export(text, jsonb, integer)
  TO rematricula_app;

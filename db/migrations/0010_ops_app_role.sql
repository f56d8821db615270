-- The application role must be what RLS relies on even where it already
-- existed before 0000 ran (0000 only creates it when missing): a role with
-- SUPERUSER or BYPASSRLS would skip every policy, and one that can log in could
-- be used directly instead of through a member login role. Roles are
-- cluster-wide, so every database's migration checks it. Only a role that is
-- wrong is altered: changing these attributes takes a superuser, and an owner
-- that is not one (BYPASSRLS only, as on managed servers) must still be able to
-- migrate a server where the role is already right. Where it is wrong and the
-- owner cannot fix it, this migration fails and the deploy stops.
-- /api/health reports "app_role_privileged" if it is ever changed back.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rematricula_app'
             AND (rolsuper OR rolbypassrls OR rolcanlogin OR rolcreatedb OR rolcreaterole OR rolreplication)) THEN
    ALTER ROLE rematricula_app NOSUPERUSER NOBYPASSRLS NOLOGIN NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
END
$$;

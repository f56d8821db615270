-- The application role must be what RLS relies on even where it already
-- existed before 0000 ran (0000 only creates it when missing): a role with
-- SUPERUSER or BYPASSRLS would skip every policy, and one that can log in could
-- be used directly instead of through a member login role. Roles are cluster-wide
-- and ALTER ROLE is idempotent, so every database's migration may run it.
-- /api/health reports "app_role_privileged" if it is ever changed back.
ALTER ROLE rematricula_app NOSUPERUSER NOBYPASSRLS NOLOGIN NOCREATEDB NOCREATEROLE NOREPLICATION;

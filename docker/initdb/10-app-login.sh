#!/bin/sh
# First start of the compose database only (docker-entrypoint-initdb.d): the
# application role (migration 0000 would create it too) and the app's login,
# an unprivileged member of it. The password comes from APP_DB_PASSWORD.
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="$APP_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE rematricula_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE rematricula_web LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE rematricula_app;
ALTER ROLE rematricula_web PASSWORD :'app_password';
SQL

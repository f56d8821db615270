-- Extensions, the normalisation function that generated columns depend on, and
-- the application role. Runs before any table exists.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
--> statement-breakpoint
-- norm_text: compatibility decomposition, diacritics removed (unaccent also maps
-- letters that do not decompose, such as ø, ł, ß), lower case, typographic
-- apostrophes as ', whitespace trimmed and collapsed. lib/inadimplencia/norm-text.ts
-- is the same function in TypeScript; a test keeps the two in agreement.
-- Declared IMMUTABLE (unaccent itself is only STABLE because its dictionary could
-- change; we pin the dictionary) so it can back generated columns and indexes.
CREATE OR REPLACE FUNCTION public.norm_text(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT btrim(regexp_replace(
    translate(
      lower(public.unaccent('public.unaccent'::regdictionary,
        regexp_replace(normalize(input, NFKD), '[\u0300-\u036f]', '', 'g'))),
      E'\u2018\u2019\u201b\u02bc\u02bb\u0060\u2032', $q$'''''''$q$),
    '[[:space:]]+', ' ', 'g'))
$$;
--> statement-breakpoint
-- The role every request runs as (SET LOCAL ROLE): not a superuser, owns no
-- table, cannot bypass RLS. Roles are cluster-wide, so create it only once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rematricula_app') THEN
    CREATE ROLE rematricula_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION
  -- Another database on the same server created it at the same moment.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
-- The request's tenant and user, as set by db/tenant.ts with set_config(..., true).
-- After a transaction that set them they read '' rather than NULL, hence nullif.
CREATE OR REPLACE FUNCTION public.app_tenant() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.current_tenant', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.app_user() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.current_user', true), '')::uuid $$;

-- Issue 17: the roster import. One batch table for both imports, told apart by
-- kind; the roster's own undo record; and the database's side of "admin and
-- secretaria may import the roster".

ALTER TABLE public.import_batches ADD COLUMN kind text NOT NULL DEFAULT 'inadimplentes';
--> statement-breakpoint
ALTER TABLE public.import_batches ADD CONSTRAINT import_batches_kind_check CHECK (kind in ('inadimplentes', 'alunos'));
--> statement-breakpoint
CREATE INDEX import_batches_kind_created_idx ON public.import_batches (tenant_id, kind, created_at DESC);
--> statement-breakpoint
-- Each import's history stays with the roles of that import: the finance roles
-- see the list's batches, the roster roles (SPEC §2: admin and secretaria) the roster's.
DROP POLICY import_batches_finance ON public.import_batches;
--> statement-breakpoint
CREATE POLICY import_batches_by_kind ON public.import_batches TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND CASE kind
  WHEN 'inadimplentes' THEN (SELECT public.app_is_finance())
  WHEN 'alunos' THEN (SELECT public.app_has_role(ARRAY['secretaria', 'admin', 'superadmin'])) ELSE false END)
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND CASE kind
  WHEN 'inadimplentes' THEN (SELECT public.app_is_finance())
  WHEN 'alunos' THEN (SELECT public.app_has_role(ARRAY['secretaria', 'admin', 'superadmin'])) ELSE false END);
--> statement-breakpoint
-- Every student a roster batch touched, as it was before and after (the
-- business columns only): what undo restores and what it checks for later
-- changes. No foreign key to alunos: undoing the batch removes the students it
-- created, and this record of them stays with the batch.
CREATE TABLE public.import_batch_alunos (
  tenant_id uuid NOT NULL,
  batch_id uuid NOT NULL,
  aluno_id uuid NOT NULL,
  before jsonb,
  after jsonb NOT NULL,
  CONSTRAINT import_batch_alunos_pkey PRIMARY KEY (tenant_id, batch_id, aluno_id),
  CONSTRAINT import_batch_alunos_batch_fk FOREIGN KEY (tenant_id, batch_id)
    REFERENCES public.import_batches (tenant_id, id)
);
--> statement-breakpoint
ALTER TABLE public.import_batch_alunos ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.import_batch_alunos FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_batch_alunos_read ON public.import_batch_alunos FOR SELECT TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_has_role(ARRAY['secretaria', 'admin', 'superadmin'])));
--> statement-breakpoint
CREATE POLICY import_batch_alunos_insert ON public.import_batch_alunos FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_has_role(ARRAY['secretaria', 'admin', 'superadmin'])));
--> statement-breakpoint
GRANT SELECT, INSERT ON public.import_batch_alunos TO rematricula_app;
--> statement-breakpoint
-- True only inside the transaction that opened the roster batch named by
-- app.import_batch (its created_at is this transaction's now()), or that is
-- undoing it: the secretaria writes students through the import and nowhere
-- else, whatever the application does.
CREATE OR REPLACE FUNCTION public.app_roster_writing() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT public.app_has_role(ARRAY['secretaria', 'admin', 'superadmin']) AND EXISTS (
    SELECT 1 FROM public.import_batches b
    WHERE b.tenant_id = public.app_tenant() AND b.kind = 'alunos'
      AND b.id::text = current_setting('app.import_batch', true)
      AND ((b.author = public.app_user() AND b.created_at = now())
        OR (b.undone_by = public.app_user() AND b.undone_at = now())))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.app_roster_writing() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_roster_writing() TO rematricula_app;
--> statement-breakpoint
DROP POLICY alunos_insert ON public.alunos;
--> statement-breakpoint
CREATE POLICY alunos_insert ON public.alunos FOR INSERT TO rematricula_app
WITH CHECK (tenant_id = (SELECT public.app_tenant())
  AND ((SELECT public.app_is_admin()) OR (SELECT public.app_roster_writing())));
--> statement-breakpoint
DROP POLICY alunos_update ON public.alunos;
--> statement-breakpoint
-- Finalize locks the student row (SELECT … FOR UPDATE), which PostgreSQL checks
-- against this USING clause; the WITH CHECK keeps the change to admins and to
-- the roster import.
CREATE POLICY alunos_update ON public.alunos FOR UPDATE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_can_reenroll() OR public.app_is_admin()))
WITH CHECK (tenant_id = (SELECT public.app_tenant())
  AND ((SELECT public.app_is_admin()) OR (SELECT public.app_roster_writing())));
--> statement-breakpoint
-- Students are never deleted, except by the undo of the roster batch that
-- created them: the undone batch's own record says which.
CREATE POLICY alunos_delete_import_undo ON public.alunos FOR DELETE TO rematricula_app
USING (tenant_id = (SELECT public.app_tenant()) AND (SELECT public.app_has_role(ARRAY['secretaria', 'admin', 'superadmin'])) AND (SELECT public.app_roster_writing())
  AND EXISTS (SELECT 1 FROM public.import_batch_alunos x
    WHERE x.tenant_id = alunos.tenant_id AND x.aluno_id = alunos.id AND x.before IS NULL
      AND x.batch_id::text = current_setting('app.import_batch', true)));
--> statement-breakpoint
GRANT DELETE ON public.alunos TO rematricula_app;

-- The list's audit, written once per statement instead of once per row. An import
-- of 100 000 rows fired the row trigger 100 000 times, which was about 40% of the
-- commit (docs/benchmarks.md); with transition tables the same rows are written by
-- one INSERT … SELECT. What is recorded does not change: one audit row per changed
-- list row, with the action, actor, batch and before/after snapshots.
DROP TRIGGER inadimplentes_audit_row ON public.inadimplentes;
--> statement-breakpoint
DROP FUNCTION public.inadimplentes_audit_row();
--> statement-breakpoint
CREATE FUNCTION public.inadimplentes_audit_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO public.inadimplentes_audit (tenant_id, inadimplente_id, action, actor, before, after, batch_id)
  SELECT n.tenant_id, n.id, coalesce(nullif(current_setting('app.audit_action', true), ''), 'insert'),
         public.app_user(), NULL, to_jsonb(n), nullif(current_setting('app.import_batch', true), '')::uuid
  FROM new_rows n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.inadimplentes_audit_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO public.inadimplentes_audit (tenant_id, inadimplente_id, action, actor, before, after, batch_id)
  SELECT n.tenant_id, n.id,
         coalesce(nullif(current_setting('app.audit_action', true), ''), CASE
           WHEN o.is_active AND NOT n.is_active THEN 'soft_delete'
           WHEN NOT o.is_active AND n.is_active THEN 'restore'
           ELSE 'update' END),
         public.app_user(), to_jsonb(o), to_jsonb(n), nullif(current_setting('app.import_batch', true), '')::uuid
  FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER inadimplentes_audit_inserted
AFTER INSERT ON public.inadimplentes REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION public.inadimplentes_audit_inserted();
--> statement-breakpoint
CREATE TRIGGER inadimplentes_audit_updated
AFTER UPDATE ON public.inadimplentes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION public.inadimplentes_audit_updated();

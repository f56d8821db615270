-- Seed gaps found against the seeds (issue 19).
--
-- Seed 001's idx_inadimplentes_active_school: the admin list filters the active
-- rows by school (student_escola_norm = norm_text($1)) and the stats group the
-- active rows by it. Without it the filter read every active row of the school's
-- list (docs/benchmarks.md, "Indexes of issue 19", shows both plans).
CREATE INDEX "inadimplentes_active_escola_idx" ON "inadimplentes" USING btree ("tenant_id","student_escola_norm") WHERE "inadimplentes"."is_active";
--> statement-breakpoint
-- Seed 002's idx_tenant_usuario_papel_tenant_papel (and its ativo index, as the
-- predicate): "is there another active admin" (removing a role, deactivating a
-- member, and the memberships_keep_an_admin trigger) otherwise reads every
-- membership of the school — every student with a login holds one. Its
-- (usuario_id, tenant_id) index is not added: the primary key (tenant_id,
-- user_id, role) and memberships_user_idx (user_id) already serve each query
-- that names a user.
CREATE INDEX "memberships_tenant_role_idx" ON "memberships" USING btree ("tenant_id","role") WHERE "memberships"."active";

-- Issue 16: the import preview's suggestions for a row that matches no student.
-- They were the three students of the school with the most similar name, found
-- by rating every student of the school for each row: under RLS the trigram GIN
-- index (alunos_nome_trgm_idx) cannot serve `%`, which is not leakproof, so each
-- row read the school through the btree index and rated it all (20–70 ms a row
-- at 5 000 students).
--
-- A GiST index over the school and the name's trigrams answers "the nearest
-- names of this school" as an ordered index scan: the tenant (the RLS policy's
-- qual, or the query's own) is the index condition, and `nome_norm <-> name`
-- (trigram distance, 1 − similarity) is its ORDER BY, which is no qual and so
-- needs no leakproofness. btree_gist gives uuid a GiST operator class so the
-- tenant can sit in the same index. lib/inadimplencia/import/suggestions.ts
-- reads it; a test holds the plan to this index by name.
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;
--> statement-breakpoint
CREATE INDEX "alunos_tenant_nome_trgm_gist_idx" ON "alunos" USING gist ("tenant_id", "nome_norm" gist_trgm_ops);

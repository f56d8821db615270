import { sql } from "drizzle-orm";
import {
  bigserial, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { alunos } from "./people";

export const inadimplentes = pgTable(
  "inadimplentes",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    codigoInadim: text("codigo_inadim"),
    studentName: text("student_name").notNull(),
    guardian1Name: text("guardian1_name"),
    studentEscola: text("student_escola"),
    mesesInadim: integer("meses_inadim"),
    // The student's code as finance's file gave it, and the link to one student
    // (issue 16): a linked row blocks that student only, whatever the names say.
    codigoAluno: text("codigo_aluno"),
    alunoId: uuid("aluno_id"),
    studentNameNorm: text("student_name_norm").notNull().generatedAlwaysAs(sql`norm_text(student_name)`),
    guardian1NameNorm: text("guardian1_name_norm").generatedAlwaysAs(sql`norm_text(guardian1_name)`),
    studentEscolaNorm: text("student_escola_norm").generatedAlwaysAs(sql`norm_text(student_escola)`),
    source: text("source"),
    isActive: boolean("is_active").notNull().default(true),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
    deletedReason: text("deleted_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
    // Set by the retention purge or a family's request (migration 0018), never by the app role.
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // At most one active row per student/guardian/school (seed 001) and student code (migration 0028) in a school.
    uniqueIndex("inadimplentes_active_key")
      .on(t.tenantId, t.studentNameNorm, sql`coalesce(${t.guardian1NameNorm}, '')`, sql`coalesce(${t.studentEscolaNorm}, '')`,
        sql`coalesce(upper(btrim(${t.codigoAluno})), '')`)
      .where(sql`${t.isActive}`),
    index("inadimplentes_active_name_idx").on(t.tenantId, t.studentNameNorm).where(sql`${t.isActive}`),
    // The admin list's school filter and the stats per school (seed 001's idx_inadimplentes_active_school).
    index("inadimplentes_active_escola_idx").on(t.tenantId, t.studentEscolaNorm).where(sql`${t.isActive}`),
    index("inadimplentes_updated_at_idx").on(t.tenantId, t.updatedAt.desc()),
    // The linked rows only (migration 0027): the check probes it once per student.
    index("inadimplentes_active_aluno_idx").on(t.tenantId, t.alunoId).where(sql`${t.isActive} and ${t.alunoId} is not null`),
    // With the tenant in the key, a row cannot link to another school's student.
    foreignKey({ name: "inadimplentes_aluno_fk", columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    check("inadimplentes_codigo_aluno_length_check", sql`length(${t.codigoAluno}) <= 50`),
  ],
);

export const inadimplentesAudit = pgTable(
  "inadimplentes_audit",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: bigserial("id", { mode: "number" }).notNull(),
    inadimplenteId: uuid("inadimplente_id").notNull(),
    action: text("action").notNull(),
    actor: uuid("actor"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    before: jsonb("before"),
    after: jsonb("after"),
    // The import batch that made this change, when it came from a CSV import.
    batchId: uuid("batch_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inadimplentes_audit_row_idx").on(t.tenantId, t.inadimplenteId),
    index("inadimplentes_audit_batch_idx").on(t.tenantId, t.batchId),
    index("inadimplentes_audit_at_idx").on(t.tenantId, t.at.desc()),
  ],
);

export const IMPORT_MODES = ["upsert", "replace"] as const;
export const IMPORT_KINDS = ["inadimplentes", "alunos"] as const;

// One committed CSV import (SPEC §8): what was loaded, by whom, and what it did.
export const importBatches = pgTable(
  "import_batches",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    fileName: text("file_name").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    mode: text("mode", { enum: IMPORT_MODES }).notNull(),
    // Which import wrote the batch: the delinquent list or the roster (issue 17).
    kind: text("kind", { enum: IMPORT_KINDS }).notNull().default("inadimplentes"),
    author: uuid("author"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    deactivated: integer("deactivated").notNull().default(0),
    invalid: integer("invalid").notNull().default(0),
    warnings: integer("warnings").notNull().default(0),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
    undoneBy: uuid("undone_by"),
    // The file's invalid rows and warnings ({ invalid, warnings, truncated }),
    // capped, so the report can offer them as a CSV after the upload is gone.
    errors: jsonb("errors"),
    // When the retention purge dropped the errors report (migration 0018).
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("import_batches_created_idx").on(t.tenantId, t.createdAt.desc()),
    check("import_batches_mode_check", sql`${t.mode} in ('upsert','replace')`),
    index("import_batches_kind_created_idx").on(t.tenantId, t.kind, t.createdAt.desc()),
    check("import_batches_kind_check", sql`${t.kind} in ('inadimplentes', 'alunos')`),
  ],
);

// Every student a roster batch touched, before (null: created by it) and after,
// business columns only. No foreign key to alunos: undo removes the students the
// batch created, and this record of them stays with the batch.
export const importBatchAlunos = pgTable(
  "import_batch_alunos",
  {
    tenantId: uuid("tenant_id").notNull(),
    batchId: uuid("batch_id").notNull(),
    alunoId: uuid("aluno_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after").notNull(),
  },
  (t) => [
    primaryKey({ name: "import_batch_alunos_pkey", columns: [t.tenantId, t.batchId, t.alunoId] }),
    foreignKey({ name: "import_batch_alunos_batch_fk", columns: [t.tenantId, t.batchId],
      foreignColumns: [importBatches.tenantId, importBatches.id] }),
  ],
);

// A finance user's exception for one student: while valid, the check says "not delinquent".
export const liberacoes = pgTable(
  "liberacoes",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    alunoId: uuid("aluno_id").notNull(),
    reason: text("reason").notNull(),
    grantedBy: uuid("granted_by"),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    index("liberacoes_aluno_idx").on(t.tenantId, t.alunoId, t.validUntil),
  ],
);

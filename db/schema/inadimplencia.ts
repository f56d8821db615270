import { sql } from "drizzle-orm";
import {
  bigserial, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
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
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // At most one active row per student/guardian/school in a school (seed 001).
    uniqueIndex("inadimplentes_active_key")
      .on(t.tenantId, t.studentNameNorm, sql`coalesce(${t.guardian1NameNorm}, '')`, sql`coalesce(${t.studentEscolaNorm}, '')`)
      .where(sql`${t.isActive}`),
    index("inadimplentes_active_name_idx").on(t.tenantId, t.studentNameNorm).where(sql`${t.isActive}`),
    index("inadimplentes_updated_at_idx").on(t.tenantId, t.updatedAt.desc()),
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
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("inadimplentes_audit_row_idx").on(t.tenantId, t.inadimplenteId)],
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
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    index("liberacoes_aluno_idx").on(t.tenantId, t.alunoId, t.validUntil),
  ],
);

import { sql } from "drizzle-orm";
import {
  boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { alunos } from "./people";

export const rematriculas = pgTable(
  "rematriculas",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    alunoId: uuid("aluno_id").notNull(),
    anoLetivo: integer("ano_letivo").notNull(),
    status: text("status").notNull().default("concluida"),
    serieDestino: text("serie_destino"),
    finalizedBy: uuid("finalized_by"),
    finalizedAt: timestamp("finalized_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: uuid("cancelled_by"),
    cancelReason: text("cancel_reason"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One re-enrollment per student and school year: what makes finalize idempotent.
    unique("rematriculas_aluno_ano_key").on(t.tenantId, t.alunoId, t.anoLetivo),
    foreignKey({ columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    check("rematriculas_status_check", sql`${t.status} in ('concluida','cancelada')`),
  ],
);

// Finalize attempts stopped by the delinquency check ("blocked") or that would
// have been stopped had enforcement been on ("would_block").
export const rematriculaEvents = pgTable(
  "rematricula_events",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    // Null once the retention purge anonymised the event (migration 0018).
    alunoId: uuid("aluno_id"),
    kind: text("kind").notNull(),
    actor: uuid("actor"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    codigoInadim: text("codigo_inadim"),
    mesesInadim: integer("meses_inadim"),
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    index("rematricula_events_at_idx").on(t.tenantId, t.at),
    check("rematricula_events_kind_check", sql`${t.kind} in ('blocked','would_block')`),
  ],
);

// One turn of a school's year ("Encerrar o ano letivo"): who, when, the admin's
// choice for students without a finished rematrícula, and what it did.
export const anoLetivoBatches = pgTable(
  "ano_letivo_batches",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    fromYear: integer("from_year").notNull(),
    toYear: integer("to_year").notNull(),
    deactivate: boolean("deactivate").notNull(),
    author: uuid("author"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    promoted: integer("promoted").notNull().default(0),
    concluded: integer("concluded").notNull().default(0),
    deactivated: integer("deactivated").notNull().default(0),
    kept: integer("kept").notNull().default(0),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
    undoneBy: uuid("undone_by"),
  },
  (t) => [
    primaryKey({ name: "ano_letivo_batches_pkey", columns: [t.tenantId, t.id] }),
    // A year is turned once (unless undone): no student moves two years.
    uniqueIndex("ano_letivo_batches_year_key").on(t.tenantId, t.fromYear).where(sql`${t.undoneAt} is null`),
    check("ano_letivo_batches_years_check", sql`${t.toYear} = ${t.fromYear} + 1`),
  ],
);

// Each student a turn changed, before and after: what undo restores exactly.
export const anoLetivoBatchAlunos = pgTable(
  "ano_letivo_batch_alunos",
  {
    tenantId: uuid("tenant_id").notNull(),
    batchId: uuid("batch_id").notNull(),
    alunoId: uuid("aluno_id").notNull(),
    outcome: text("outcome", { enum: ["promoted", "concluded", "deactivated"] }).notNull(),
    beforeSerie: text("before_serie"),
    beforeTurma: text("before_turma"),
    beforeAnoLetivo: integer("before_ano_letivo"),
    beforeStatus: text("before_status").notNull(),
    afterSerie: text("after_serie"),
    afterTurma: text("after_turma"),
    afterAnoLetivo: integer("after_ano_letivo"),
    afterStatus: text("after_status").notNull(),
  },
  (t) => [
    primaryKey({ name: "ano_letivo_batch_alunos_pkey", columns: [t.tenantId, t.batchId, t.alunoId] }),
    foreignKey({ name: "ano_letivo_batch_alunos_batch_fk", columns: [t.tenantId, t.batchId],
      foreignColumns: [anoLetivoBatches.tenantId, anoLetivoBatches.id] }),
    foreignKey({ name: "ano_letivo_batch_alunos_aluno_fk", columns: [t.tenantId, t.alunoId],
      foreignColumns: [alunos.tenantId, alunos.id] }),
    index("ano_letivo_batch_alunos_aluno_idx").on(t.tenantId, t.alunoId),
    check("ano_letivo_batch_alunos_outcome_check", sql`${t.outcome} in ('promoted', 'concluded', 'deactivated')`),
  ],
);

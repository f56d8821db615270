import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
    alunoId: uuid("aluno_id").notNull(),
    kind: text("kind").notNull(),
    actor: uuid("actor"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    codigoInadim: text("codigo_inadim"),
    mesesInadim: integer("meses_inadim"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    index("rematricula_events_at_idx").on(t.tenantId, t.at),
    check("rematricula_events_kind_check", sql`${t.kind} in ('blocked','would_block')`),
  ],
);

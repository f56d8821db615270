import { sql } from "drizzle-orm";
import { bigint, bigserial, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { alunos } from "./people";

// One run of the retention purge (migration 0018): when, and the sign-in
// throttle rows it removed (those belong to no school).
export const privacyRuns = pgTable("privacy_runs", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  loginThrottle: integer("login_throttle").notNull().default(0),
});

// What a run anonymised in each school, per kind of row.
export const privacyRunCounts = pgTable(
  "privacy_run_counts",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    runId: bigint("run_id", { mode: "number" }).notNull().references(() => privacyRuns.id),
    kind: text("kind").notNull(),
    rows: integer("rows").notNull(),
  },
  (t) => [
    primaryKey({ name: "privacy_run_counts_pkey", columns: [t.tenantId, t.runId, t.kind] }),
    check("privacy_run_counts_kind_check", sql`${t.kind} in ('inadimplentes', 'eventos', 'importacoes')`),
  ],
);

// A family's request about one student (LGPD art. 18) and what came of it.
export const privacyRequests = pgTable(
  "privacy_requests",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    alunoId: uuid("aluno_id").notNull(),
    kind: text("kind").notNull(),
    outcome: text("outcome").notNull(),
    reason: text("reason"),
    actor: uuid("actor"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "privacy_requests_pkey", columns: [t.tenantId, t.id] }),
    foreignKey({ name: "privacy_requests_aluno_fk", columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    index("privacy_requests_at_idx").on(t.tenantId, t.at.desc()),
    check("privacy_requests_kind_check", sql`${t.kind} in ('acesso', 'anonimizacao')`),
    check("privacy_requests_outcome_check", sql`${t.outcome} in ('entregue', 'anonimizado', 'recusado')`),
  ],
);

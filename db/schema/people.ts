import { sql } from "drizzle-orm";
import {
  boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import { tenants, unidades } from "./tenants";

export const ROLES = ["aluno", "professor", "secretaria", "financeiro", "coordenador", "admin", "superadmin"] as const;
export type Role = (typeof ROLES)[number];

export const ALUNO_STATUS = ["ativo", "inativo", "transferido", "concluinte"] as const;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    passwordHash: text("password_hash").notNull(),
    // A temporary password (set by an admin) must be replaced at the next sign-in.
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    lastTenantId: uuid("last_tenant_id").references(() => tenants.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The e-mail is the login: unique across the platform, case-insensitively.
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    role: text("role", { enum: ROLES }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.role] }),
    index("memberships_user_idx").on(t.userId),
    // "Another active admin?" per school (seed 002's tenant/papel index, active rows only).
    index("memberships_tenant_role_idx").on(t.tenantId, t.role).where(sql`${t.active}`),
    check("memberships_role_check", sql`${t.role} in ('aluno','professor','secretaria','financeiro','coordenador','admin','superadmin')`),
  ],
);

export const alunos = pgTable(
  "alunos",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    userId: uuid("user_id").references(() => users.id),
    // The school's own code (matrícula/RA): text, so leading zeros stay.
    matricula: text("matricula"),
    nome: text("nome").notNull(),
    nomeNorm: text("nome_norm").notNull().generatedAlwaysAs(sql`norm_text(nome)`),
    cpf: text("cpf"),
    dataNascimento: date("data_nascimento"),
    telefone: text("telefone"),
    responsavelNome: text("responsavel_nome"),
    responsavelNomeNorm: text("responsavel_nome_norm").generatedAlwaysAs(sql`norm_text(responsavel_nome)`),
    responsavelTelefone: text("responsavel_telefone"),
    unidade: text("unidade"),
    serie: text("serie"),
    turma: text("turma"),
    anoLetivo: integer("ano_letivo"),
    status: text("status", { enum: ALUNO_STATUS }).notNull().default("ativo"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // Set when a family's request anonymised the record (migration 0018).
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One student record per login in a school: the key the membership trigger upserts on.
    unique("alunos_tenant_user_key").on(t.tenantId, t.userId),
    // The same child may study in two schools, so a CPF is unique per school only.
    unique("alunos_tenant_cpf_key").on(t.tenantId, t.cpf),
    // Unique in the school when present; text_pattern_ops also serves the prefix search.
    uniqueIndex("alunos_tenant_matricula_key").on(t.tenantId, t.matricula.op("text_pattern_ops"))
      .where(sql`${t.matricula} is not null`),
    foreignKey({ columns: [t.tenantId, t.unidade], foreignColumns: [unidades.tenantId, unidades.name] }).onUpdate("cascade"),
    index("alunos_nome_norm_idx").on(t.tenantId, t.nomeNorm),
    // A user's name or phone change updates their student records in every school.
    index("alunos_user_idx").on(t.userId),
    index("alunos_nome_trgm_idx").using("gin", sql`${t.nomeNorm} gin_trgm_ops`),
    // The nearest names of one school, in order (the import preview's suggestions; btree_gist, 0026).
    index("alunos_tenant_nome_trgm_gist_idx").using("gist", t.tenantId, sql`${t.nomeNorm} gist_trgm_ops`),
    index("alunos_responsavel_trgm_idx").using("gin", sql`${t.responsavelNomeNorm} gin_trgm_ops`),
    check("alunos_status_check", sql`${t.status} in ('ativo','inativo','transferido','concluinte')`),
    check("alunos_cpf_digits_check", sql`${t.cpf} ~ '^[0-9]{11}$'`),
    check("alunos_matricula_format_check", sql`${t.matricula} ~ '^[0-9A-Z][0-9A-Z./-]{0,29}$'`),
  ],
);

// An existing account invited to a school (SPEC §9): no membership, and nothing
// of the account shown to the school, until its holder accepts.
export const invitations = pgTable(
  "invitations",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    userId: uuid("user_id").notNull().references(() => users.id),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    alunoId: uuid("aluno_id"),
    invitedBy: uuid("invited_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    status: text("status").notNull().default("pending"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "invitations_aluno_fk", columns: [t.tenantId, t.alunoId], foreignColumns: [alunos.tenantId, alunos.id] }),
    uniqueIndex("invitations_pending_key").on(t.tenantId, t.userId, t.role).where(sql`${t.status} = 'pending'`),
    index("invitations_user_idx").on(t.userId).where(sql`${t.status} = 'pending'`),
    check("invitations_role_check", sql`${t.role} in ('aluno','professor','secretaria','financeiro','coordenador','admin','superadmin')`),
    check("invitations_status_check", sql`${t.status} in ('pending','accepted','declined')`),
  ],
);

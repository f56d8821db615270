import { sql } from "drizzle-orm";
import { pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const unidades = pgTable(
  "unidades",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("unidades_tenant_name_key").on(t.tenantId, t.name)],
);

import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Failed sign-in counters, keyed by account ("email:…") and by client ("ip:…").
// Kept in PostgreSQL so that every app instance sees the same counts.
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

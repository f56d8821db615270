import { defineConfig } from "drizzle-kit";

// Only `generate` is used: migrations are applied by db/migrate.ts, which also
// loads the PGlite extensions that drizzle-kit cannot.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});

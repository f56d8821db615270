import path from "node:path";

// Where the databases' files are, without loading a driver: `npm run dev`
// checks them before deciding whether to open the database at all.

/** The embedded database's directory when PGLITE_DIR does not name one. */
export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

// Overridable only so that the deploy test can add a deliberately broken
// migration to a copy of the folder; the app and the CLIs use the committed one.
export const MIGRATIONS_DIR = process.env.MIGRATIONS_DIR || path.join(process.cwd(), "db", "migrations");

/** The embedded database's directory, or null when DATABASE_URL points at a PostgreSQL. */
export function pgliteDirFromEnv(): string | null {
  return process.env.DATABASE_URL ? null : (process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
}

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// `npm run dev` on an embedded database it prepared before would open PGlite
// (about a second, and `next dev` opens it again right after) only to find every
// migration applied and the demo data loaded. A mark in the database's own
// directory says which migrations it holds: a hash of the migrations' journal. A
// migration added since changes the hash, and a removed directory takes its mark
// with it; either way the next start migrates (and seeds) as before.

const MARK_FILE = "rematricula-prepared";

function journalHash(migrationsDir: string): string {
  const journal = readFileSync(path.join(migrationsDir, "meta", "_journal.json"));
  return createHash("sha256").update(journal).digest("hex");
}

/** True when `dataDir` was migrated to the current journal and seeded. */
export function isPrepared(dataDir: string, migrationsDir: string): boolean {
  const mark = path.join(dataDir, MARK_FILE);
  return existsSync(mark) && readFileSync(mark, "utf8").trim() === journalHash(migrationsDir);
}

/** Records that `dataDir` holds every migration of the journal and the demo data. */
export function markPrepared(dataDir: string, migrationsDir: string): void {
  writeFileSync(path.join(dataDir, MARK_FILE), `${journalHash(migrationsDir)}\n`);
}

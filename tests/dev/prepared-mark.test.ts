import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { MIGRATIONS_DIR, pgliteDirFromEnv } from "@/db/paths";
import { isPrepared, markPrepared } from "@/lib/dev/prepared-mark";

// A database directory and a copy of the committed migrations' journal, which
// a test may then extend as a newly pulled migration would.
function setup() {
  const root = mkdtempSync(path.join(tmpdir(), "prepared-mark-"));
  const dataDir = path.join(root, "pglite");
  const migrations = path.join(root, "migrations");
  mkdirSync(dataDir);
  cpSync(path.join(MIGRATIONS_DIR, "meta"), path.join(migrations, "meta"), { recursive: true });
  return { dataDir, migrations };
}

test("a database directory without the mark is not prepared", () => {
  const { dataDir, migrations } = setup();
  expect(isPrepared(dataDir, migrations)).toBe(false);
  expect(isPrepared(path.join(dataDir, "does-not-exist"), migrations)).toBe(false);
});

test("once marked, the directory is prepared for the same migrations", () => {
  const { dataDir, migrations } = setup();
  markPrepared(dataDir, migrations);
  expect(isPrepared(dataDir, migrations)).toBe(true);
});

test("a migration added to the journal after the mark makes the next start migrate again", () => {
  const { dataDir, migrations } = setup();
  markPrepared(dataDir, migrations);
  const file = path.join(migrations, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(file, "utf8"));
  const last = journal.entries.at(-1);
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_nova" });
  writeFileSync(file, JSON.stringify(journal, null, 2));
  expect(isPrepared(dataDir, migrations)).toBe(false);
});

test("a mark from another journal does not count", () => {
  const { dataDir, migrations } = setup();
  writeFileSync(path.join(dataDir, "rematricula-prepared"), "0".repeat(64));
  expect(isPrepared(dataDir, migrations)).toBe(false);
});

test("with DATABASE_URL there is no embedded directory, so prepare-dev always migrates", () => {
  const saved = { url: process.env.DATABASE_URL, dir: process.env.PGLITE_DIR };
  try {
    process.env.DATABASE_URL = "postgres://example/db";
    expect(pgliteDirFromEnv()).toBeNull();
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = "/tmp/outro";
    expect(pgliteDirFromEnv()).toBe("/tmp/outro");
  } finally {
    if (saved.url === undefined) delete process.env.DATABASE_URL; else process.env.DATABASE_URL = saved.url;
    if (saved.dir === undefined) delete process.env.PGLITE_DIR; else process.env.PGLITE_DIR = saved.dir;
  }
});

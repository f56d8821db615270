import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { ensureAuthSecret } from "@/lib/dev/env-file";

const mode = (f: string) => statSync(f).mode & 0o777;
const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), "envlocal-")), ".env.local");

test("a new .env.local gets a secret and is readable by its owner only", () => {
  const file = fresh();
  expect(ensureAuthSecret(file, {})).toBe(true);
  expect(readFileSync(file, "utf8")).toMatch(/^AUTH_SECRET=[\w-]{43}\n$/);
  expect(mode(file)).toBe(0o600);
});

test("an existing world-readable file with a secret keeps it and is closed to others", () => {
  const file = fresh();
  writeFileSync(file, "AUTH_SECRET=antigo\n", { mode: 0o644 });
  expect(ensureAuthSecret(file, {})).toBe(false);
  expect(readFileSync(file, "utf8")).toBe("AUTH_SECRET=antigo\n");
  expect(mode(file)).toBe(0o600);
});

test("an existing file without a secret gets one appended, and the mode fixed", () => {
  const file = fresh();
  writeFileSync(file, "DATABASE_URL=postgres://x\n", { mode: 0o664 });
  expect(ensureAuthSecret(file, {})).toBe(true);
  expect(readFileSync(file, "utf8")).toMatch(/^DATABASE_URL=postgres:\/\/x\nAUTH_SECRET=/);
  expect(mode(file)).toBe(0o600);
});

test("with AUTH_SECRET in the environment no file is created", () => {
  const file = fresh();
  expect(ensureAuthSecret(file, { AUTH_SECRET: "do-ambiente" })).toBe(false);
  expect(() => statSync(file)).toThrow();
});

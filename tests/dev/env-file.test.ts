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

// The hole of issue 15: a substring test took these for a secret, and `npm run
// dev` then ran with none (Auth.js refuses to start, or a stale one was used).
test.each([
  ["another variable that ends in the same name", "NEXTAUTH_SECRET=antigo\n"],
  ["a commented-out line", "# AUTH_SECRET=exemplo-do-readme\n"],
  ["an empty value", "AUTH_SECRET=\n"],
  ["a quoted empty value", "AUTH_SECRET=\"\"\n"],
])("%s is no secret: one is appended", (_label, content) => {
  const file = fresh();
  writeFileSync(file, content, { mode: 0o600 });
  expect(ensureAuthSecret(file, {})).toBe(true);
  const lines = readFileSync(file, "utf8").split("\n");
  expect(lines.filter((l) => /^AUTH_SECRET=[\w-]{43}$/.test(l))).toHaveLength(1);
});

test("a secret written with spaces, quotes or export is recognised; a last line without a newline stays whole", () => {
  for (const content of ["AUTH_SECRET = \"segredo\"\n", "export AUTH_SECRET=segredo\n"]) {
    const file = fresh();
    writeFileSync(file, content);
    expect(ensureAuthSecret(file, {})).toBe(false);
  }
  const file = fresh();
  writeFileSync(file, "DATABASE_URL=postgres://x");
  expect(ensureAuthSecret(file, {})).toBe(true);
  expect(readFileSync(file, "utf8")).toMatch(/^DATABASE_URL=postgres:\/\/x\nAUTH_SECRET=[\w-]{43}\n$/);
});

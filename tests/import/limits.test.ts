import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { readImportFile } from "@/lib/inadimplencia/import/read-file";

const sample = readFileSync(path.resolve(process.cwd(), "tests/import/corpus/sample-utf8.csv"));

afterEach(() => {
  vi.unstubAllEnvs();
});

test("IMPORT_MAX_BYTES sets the size limit", () => {
  vi.stubEnv("IMPORT_MAX_BYTES", "1024");
  expect(readImportFile(sample)).toMatchObject({ ok: false, error: "O arquivo tem 1,5 KB; o limite é 1 KB." });
});

test("IMPORT_MAX_ROWS sets the row limit", () => {
  vi.stubEnv("IMPORT_MAX_ROWS", "10");
  expect(readImportFile(sample)).toMatchObject({
    ok: false,
    error: "O arquivo tem 20 linhas de dados; o limite é 10. Divida a lista em arquivos menores.",
  });
});

test("limits passed by the caller win over the environment", () => {
  vi.stubEnv("IMPORT_MAX_ROWS", "10");
  vi.stubEnv("IMPORT_MAX_BYTES", "1024");
  expect(readImportFile(sample, { maxRows: 20, maxBytes: 2048 })).toMatchObject({ ok: true });
});

test.each(["", "abc", "0", "-5", "1.5"])("IMPORT_MAX_ROWS=%j falls back to the default", (value) => {
  vi.stubEnv("IMPORT_MAX_ROWS", value);
  expect(readImportFile(sample)).toMatchObject({ ok: true });
});

test("the default size limit is 20 MB", () => {
  const big = new Uint8Array(20 * 1024 * 1024 + 1);
  expect(readImportFile(big)).toMatchObject({ ok: false, error: "O arquivo tem 20 MB; o limite é 20 MB." });
});

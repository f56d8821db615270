import { expect, test } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback";

test.each([
  ["/rematricula", "/rematricula"],
  ["/rematricula?q=Jo%C3%A3o&page=2", "/rematricula?q=Jo%C3%A3o&page=2"],
  ["/admin/inadimplentes/00000000-0000-4000-8000-000000000000", "/admin/inadimplentes/00000000-0000-4000-8000-000000000000"],
  // Dot segments are resolved before the path is kept.
  ["/admin/./usuarios", "/admin/usuarios"],
  ["/admin/../rematricula", "/rematricula"],
  // An encoded slash stays encoded: a path segment, not a host.
  ["/%2F%2Fevil.example/x", "/%2F%2Fevil.example/x"],
  ["/%5Cevil.example", "/%5Cevil.example"],
  ["/.%2F/evil.example", "/.%2F/evil.example"],
  // Encoded dots are dot segments too; what is left is still a path here.
  ["/%2E/%2Fevil.example", "/%2Fevil.example"],
  ["/%2e%2e/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/loginx", "/loginx"],
])("a path of this site is kept, normalised: %s", (raw, expected) => {
  expect(safeCallbackPath(raw)).toBe(expected);
});

test.each([
  // Absolute URLs and protocol-relative ones.
  "https://evil.example/", "http:/evil.example", "//evil.example", "javascript:alert(1)", "evil.example",
  // Backslashes, which browsers read as slashes.
  "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example",
  // Dot segments that normalise into a protocol-relative URL (the hole of issue 15).
  "/.//evil.example/x", "/./\\evil.example", "/..//evil.example", "/a/..//evil.example/x", "/x/../..//evil.example",
  // Control characters that browsers strip.
  "/\t/evil.example", "/\n/evil.example",
  "", "/login", "/login?callbackUrl=/x", "/./login", "/x/../login",
  `/${"a".repeat(3000)}`,
])("anything that could leave the site is refused: %j", (raw) => {
  const kept = safeCallbackPath(raw);
  // Whatever is kept must itself be a path of this site (a path of one leading slash).
  if (kept !== null) expect(kept).toMatch(/^\/(?![/\\])/);
  expect(kept).toBeNull();
});

test("non-strings are refused", () => {
  expect(safeCallbackPath(undefined)).toBeNull();
  expect(safeCallbackPath(["/rematricula"])).toBeNull();
});

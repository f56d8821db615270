import { expect, test } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback";

test.each([
  ["/rematricula", "/rematricula"],
  ["/rematricula?q=Jo%C3%A3o&page=2", "/rematricula?q=Jo%C3%A3o&page=2"],
  ["/admin/inadimplentes/00000000-0000-4000-8000-000000000000", "/admin/inadimplentes/00000000-0000-4000-8000-000000000000"],
])("a path of this site is kept: %s", (raw, expected) => {
  expect(safeCallbackPath(raw)).toBe(expected);
});

test.each([
  "https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example", "http:/evil.example",
  "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "evil.example", "", "/login", "/login?callbackUrl=/x",
  `/${"a".repeat(3000)}`,
])("anything that could leave the site is refused: %j", (raw) => {
  expect(safeCallbackPath(raw)).toBeNull();
});

test("non-strings are refused", () => {
  expect(safeCallbackPath(undefined)).toBeNull();
  expect(safeCallbackPath(["/rematricula"])).toBeNull();
});

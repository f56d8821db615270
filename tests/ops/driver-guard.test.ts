import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { DRIVER_GUARD_MARK, driverGuardPresent } from "@/lib/ops/driver-guard";
import { healthStatus } from "@/lib/ops/health";

// The driver's fix (docs/security.md, finding 1) is patches/postgres+3.4.9.patch,
// applied by patch-package at install. tests/faults/ prove what it does; these
// prove that an install without it is noticed.
const ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

test("the installed postgres.js carries the guard in every build it ships (an --ignore-scripts install fails here)", () => {
  expect(driverGuardPresent()).toBe(true);
});

test("a copy of the driver without the patch, or no driver at all, is reported unguarded", () => {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "pg-driver-")), "postgres");
  cpSync(path.join(ROOT, "node_modules/postgres"), copy, { recursive: true });
  expect(driverGuardPresent(copy)).toBe(true);
  const file = path.join(copy, "cf/src/index.js");
  writeFileSync(file, readFileSync(file, "utf8").replaceAll(DRIVER_GUARD_MARK, ""));
  expect(driverGuardPresent(copy)).toBe(false);
  expect(driverGuardPresent(path.join(copy, "nao-existe"))).toBe(false);
});

test("/api/health's verdict: an unguarded driver is driver_unguarded, whatever the database says", () => {
  const facts = { applied: 3, definers_ok: true, app_role_privileged: false, login_privileged: false, login_resolves_sessions: true };
  expect(healthStatus(facts, 3, false, true)).toBe("ok");
  expect(healthStatus(facts, 3, false, false)).toBe("driver_unguarded");
});

test("the patch is for the pinned driver version, and the install refuses any other", () => {
  expect(pkg.dependencies.postgres).toBe("3.4.9");
  const patch = readFileSync(path.join(ROOT, "patches/postgres+3.4.9.patch"), "utf8");
  for (const dir of ["src", "cjs/src", "cf/src"]) {
    expect(patch).toContain(`+++ b/node_modules/postgres/${dir}/connection.js`);
    expect(patch).toContain(`+++ b/node_modules/postgres/${dir}/index.js`);
  }
  // patch-package warns on a version mismatch; --error-on-warn makes that a failed install.
  expect(pkg.scripts.postinstall).toBe("patch-package --error-on-fail --error-on-warn");
  expect(pkg.dependencies["patch-package"]).toBeDefined();
});

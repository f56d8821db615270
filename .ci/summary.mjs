// Adds up the suites' JSON reports; a suite that left no report counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const out = process.argv[2];
const read = (f) => (existsSync(path.join(out, f)) ? JSON.parse(readFileSync(path.join(out, f), "utf8")) : null);
let passed = 0, failed = 0, skipped = 0;

for (const f of ["vitest-pglite.json", "vitest-postgres.json"]) {
  const r = read(f);
  if (!r) { console.log(`${f}: no report`); failed += 1; continue; }
  // A file that failed to load has no tests but is still a failure.
  const brokenFiles = r.testResults.filter((t) => t.status === "failed" && t.assertionResults.length === 0).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenFiles;
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(`${f}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${r.numPendingTests} skipped`);
}

// The soak writes the same counters: one "test" per verification, failures listed.
const soak = read("soak.json");
if (!soak) { console.log("soak.json: no report"); failed += 1; }
else {
  passed += soak.numPassedTests;
  failed += soak.numFailedTests;
  console.log(`soak: ${soak.requests} operations, ${soak.numPassedTests} passed, ${soak.numFailedTests} failed`);
  for (const f of soak.failures) console.log(`  soak: ${f}`);
}

const pw = read("playwright.json");
if (!pw) { console.log("playwright: no report"); failed += 1; }
else {
  const s = pw.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky + (pw.errors?.length ?? 0);
  skipped += s.skipped;
  console.log(`playwright: ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky, ${s.skipped} skipped`);
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

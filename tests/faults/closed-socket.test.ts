import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";

// The driver bugs behind the restart fault, reproduced on their own
// (patches/postgres+3.4.9.patch, applied by patch-package): a transaction whose backend dies while its
// callback is busy elsewhere, then the callback's next query. Unpatched,
// postgres.js 3.4.9 either kills the process (a TypeError thrown from a
// setImmediate in nextWrite) or, once the pool has connected again, runs that
// query on the new session outside any transaction. Run in a child process so
// that a crash is an outcome, not the end of the test runner.
const run = !!process.env.DATABASE_URL;

const SCENARIO = `
import postgres from "postgres";
const url = process.env.DATABASE_URL;
const sql = postgres(url, { max: 1, onnotice() {} });
const killer = postgres(url, { max: 1, onnotice() {} });
let late, release;
const busy = new Promise((r) => (release = r));
let outcome = "committed";
try {
  await sql.begin((tx) => (late = (async () => {
    const [{ pid }] = await tx\`select pg_backend_pid() as pid\`;
    await killer\`select pg_terminate_backend(\${pid})\`;
    await busy;
    await tx\`select 'late' as q\`;
  })()));
} catch (e) {
  outcome = e.code ?? String(e);
}
const poolFirst = process.env.POOL_FIRST === "1";
let ok = poolFirst ? (await sql\`select 1 as ok\`)[0].ok : null;
setTimeout(release, 100);
const lateOutcome = await late.then(() => "ran", (e) => e.code ?? String(e));
if (!poolFirst) ok = (await sql\`select 1 as ok\`)[0].ok;
await Promise.all([sql.end(), killer.end()]);
console.log(JSON.stringify({ outcome, lateOutcome, ok }));
`;

function scenario(poolFirst: boolean) {
  return spawnSync(process.execPath, ["--input-type=module", "-e", SCENARIO], {
    cwd: path.resolve(__dirname, "../.."),
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, POOL_FIRST: poolFirst ? "1" : "0" },
  });
}

describe.skipIf(!run)("a transaction whose backend was terminated while its callback was busy", () => {
  test("its next query rejects with CONNECTION_CLOSED and the process lives on (unpatched: TypeError, exit 1)", () => {
    const child = scenario(false);
    expect(child.stderr).not.toMatch(/TypeError/);
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim())).toEqual({ outcome: "CONNECTION_CLOSED", lateOutcome: "CONNECTION_CLOSED", ok: 1 });
  });

  test("after the pool connected again, its next query is refused rather than run outside the transaction", () => {
    const child = scenario(true);
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim())).toEqual({ outcome: "CONNECTION_CLOSED", lateOutcome: "CONNECTION_CLOSED", ok: 1 });
  });
});

// Whether the install carries the patch at all is tests/ops/driver-guard.test.ts
// (every pass, also without a server), and /api/health's driver_unguarded.

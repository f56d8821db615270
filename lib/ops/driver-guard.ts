import { readFileSync } from "node:fs";
import path from "node:path";

// patches/postgres+3.4.9.patch, applied by patch-package at `npm install`,
// marks every edit with this comment (see docs/decisions.md, docs/security.md).
export const DRIVER_GUARD_MARK = "rematricula: closed connection guard";
const FILES = ["src", "cjs/src", "cf/src"].flatMap((dir) => [`${dir}/connection.js`, `${dir}/index.js`]);

/**
 * Whether the installed postgres.js carries the closed-connection guard in every
 * build it ships. An install with `--ignore-scripts` skips the patch, and the
 * driver then kills the process (or runs a dead transaction's query outside it)
 * when PostgreSQL goes away: start-up refuses to serve and /api/health answers
 * 503 instead. The app runs from its own directory (server.mjs, `next start`,
 * the Docker image's WORKDIR), where node_modules is; postgres is a server
 * external (next.config.js), so those files are the code that runs.
 */
export function driverGuardPresent(root = path.join(process.cwd(), "node_modules", "postgres")): boolean {
  try {
    return FILES.every((f) => readFileSync(path.join(root, f), "utf8").includes(DRIVER_GUARD_MARK));
  } catch {
    return false;
  }
}

let checked: boolean | undefined;

/** driverGuardPresent, read once per process (the files do not change under a running server). */
export function driverGuarded(): boolean {
  checked ??= driverGuardPresent();
  return checked;
}

/**
 * Start-up's refusal: an unguarded driver stops the process before it serves.
 * Kept here, a Node-only module, so that instrumentation.ts (also compiled for
 * the Edge runtime) carries no process.exit of its own.
 */
export async function refuseUnguardedDriver(): Promise<void> {
  if (driverGuarded()) return;
  const { log } = await import("@/lib/log");
  log.fatal({ check: "driver_unguarded" }, "postgres.js lacks patches/postgres+3.4.9.patch: run npm ci without --ignore-scripts");
  process.exit(1);
}

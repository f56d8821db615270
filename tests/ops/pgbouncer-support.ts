import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export const PGBOUNCER = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => spawnSync(p, ["--version"]).status === 0);

export interface Bouncer {
  /** `base` with host and port replaced by PgBouncer's. */
  url(base: string): string;
  stop(): Promise<void>;
  log(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts Debian's PgBouncer in transaction mode in front of the server named by
 * `base`, for every database on it, with a server pool of `poolSize` connections
 * per database. Stopped by `stop()`; its output is kept for failure messages.
 */
export async function startPgBouncer(base: string, poolSize: number): Promise<Bouncer> {
  if (!PGBOUNCER) throw new Error("pgbouncer is not installed");
  const server = new URL(base);
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "ops-pgbouncer-"));
  chmodSync(dir, 0o755);
  const user = decodeURIComponent(server.username || "postgres");
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(path.join(dir, "pgbouncer.ini"), [
    "[databases]",
    `* = host=${server.hostname} port=${server.port || 5432}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "users.txt")}`,
    "pool_mode = transaction",
    `default_pool_size = ${poolSize}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    "max_client_conn = 500",
    "server_reset_query =",
    "ignore_startup_parameters = extra_float_digits,options",
    "",
  ].join("\n"), { mode: 0o644 });
  // PgBouncer refuses to run as root; -u drops to an unprivileged user.
  const args = [...(process.getuid?.() === 0 ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")];
  const child: ChildProcess = spawn(PGBOUNCER, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => { output += d; });
  child.stderr?.on("data", (d) => { output += d; });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}):\n${output}`);
    if (/listening on 127\.0\.0\.1:\d+/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`pgbouncer did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url(b: string) {
      const u = new URL(b);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGINT");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

// A throw-away PostgreSQL server for tests that stop and restart it: the shared
// server on 5432 is used by other suites in parallel and must never be touched.

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const canRunPrivateCluster = existsSync(path.join(PG_BIN, "initdb"));

export interface PrivateCluster {
  place: ClusterPlace;
  running(): boolean;
  url(db?: string): string;
  stop(): void;
  start(): void;
  restart(): void;
  destroy(): void;
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary; as root through `runuser`, since initdb and postgres refuse to run as root. */
function pg(bin: string, args: string[]): string {
  const exe = path.join(PG_BIN, bin);
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Where a private cluster lives: enough for another process to stop and start it (CLUSTER env, JSON). */
export interface ClusterPlace {
  dir: string;
  port: number;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "rt-pg-"));
  if (isRoot) execFileSync("chown", ["postgres:postgres", dir]);
  pg("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  // A port below Linux's ephemeral range (32768–60999), where client sockets of
  // the other suites running at the same time would otherwise take it; another
  // one if it is in use all the same.
  let cluster: PrivateCluster | null = null;
  for (let attempt = 0; !cluster; attempt++) {
    const candidate = attachPrivateCluster({ dir, port: 20000 + Math.floor(Math.random() * 10000) });
    try {
      candidate.start();
      cluster = candidate;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
  await admin.unsafe("create database app");
  await admin.end();
  return cluster;
}

export function attachPrivateCluster({ dir, port }: ClusterPlace): PrivateCluster {
  const data = path.join(dir, "data");
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (...a: string[]) => pg("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60", ...a]);
  return {
    place: { dir, port },
    running() {
      try { pg("pg_ctl", ["-D", data, "status"]); return true; } catch { return false; }
    },
    url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop: () => void ctl("-m", "fast", "stop"),
    start: () => void ctl("-o", opts, "start"),
    restart: () => void ctl("-o", opts, "-m", "fast", "restart"),
    destroy() {
      try { ctl("-m", "immediate", "stop"); } catch { /* already down */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


import { readFileSync } from "node:fs";
import type postgres from "postgres";

/**
 * CPU spent by the servers and by their database's backends, read from /proc
 * (Linux). Latency on a shared machine moves with the other jobs on it; the CPU
 * each request costs moves much less, so the load benchmark reports both. Each
 * page's rounds end only when every response is read, so a round's CPU is that
 * page's own (plus the servers' idle timers).
 */
export interface CpuSnapshot {
  node: Map<number, number>;
  db: Map<number, number>;
}

export async function cpuSnapshot(serverPids: number[], admin: postgres.Sql, dbName: string): Promise<CpuSnapshot | null> {
  if (process.platform !== "linux") return null;
  const backends = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName}`;
  return { node: ticks(serverPids), db: ticks(backends.map((b) => b.pid)) };
}

/** ms of CPU between two snapshots; a backend that started in between counts from zero. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): { node: number; db: number } {
  const diff = (a: Map<number, number>, b: Map<number, number>) =>
    [...b].reduce((sum, [pid, t]) => sum + t - (a.get(pid) ?? 0), 0) * MS_PER_TICK;
  return { node: diff(before.node, after.node), db: diff(before.db, after.db) };
}

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux

/** utime + stime per process, in clock ticks; a process that is gone is left out. */
function ticks(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      out.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // ended between pg_stat_activity and the read
    }
  }
  return out;
}

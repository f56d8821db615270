/**
 * A small closed-loop HTTP load generator (no load-testing dependency): each
 * virtual user sends one request, waits for the whole body, and sends the next,
 * for `seconds`. Latency is measured to the last byte of the body.
 */
export interface LoadResult {
  samples: number[];
  errors: number;
  errorKinds: string[];
  bytes: number;
  seconds: number;
}

export interface VirtualUser {
  base: string;
  cookie: string;
}

export async function runLoad(users: VirtualUser[], path: string, seconds: number): Promise<LoadResult> {
  const samples: number[] = [];
  const errorKinds: string[] = [];
  let bytes = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(users.map(async (u) => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${u.base}${path}`, {
          redirect: "manual",
          headers: { cookie: u.cookie, "accept-encoding": "gzip", accept: "text/html" },
        });
        const body = await res.arrayBuffer();
        if (res.status !== 200) errorKinds.push(`HTTP ${res.status}`);
        else {
          samples.push(performance.now() - t0);
          bytes += body.byteLength;
        }
      } catch (e) {
        errorKinds.push((e as Error).message);
      }
    }
  }));
  return { samples, errors: errorKinds.length, errorKinds, bytes, seconds: (performance.now() - started) / 1000 };
}

export function latencyStats(samples: number[]): { p50: number; p95: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN);
  return { p50: at(50), p95: at(95), p99: at(99) };
}

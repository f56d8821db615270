import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * BENCH_TELEMETRY=1: the servers run with metrics and tracing on, as an operator
 * would run them — every trace exported to an OTLP endpoint (a sink in this
 * process that reads and drops what it gets, as a collector's receiver would)
 * and /api/metrics scraped every 5 s. Off (the default): neither.
 */
export interface Telemetry {
  env: Record<string, string>;
  /** Starts scraping the servers' metrics; returns how to stop. */
  scrape(bases: string[]): () => void;
  close(): Promise<void>;
  describe(): string;
}

const TOKEN = "bench-metrics-token-0000000000000000";

export async function startTelemetry(): Promise<Telemetry | null> {
  if (process.env.BENCH_TELEMETRY !== "1") return null;
  let exports = 0;
  let scrapes = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      exports++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  return {
    env: { METRICS_TOKEN: TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    scrape(bases) {
      const timer = setInterval(() => {
        for (const base of bases) {
          void fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
            .then((r) => r.text()).then(() => { scrapes++; }, () => {});
        }
      }, 5_000);
      return () => clearInterval(timer);
    },
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
    describe: () => `telemetry on: ${exports} OTLP exports received, ${scrapes} metrics scrapes`,
  };
}

import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { SQL } from "drizzle-orm";
import type { Tx } from "./client";

// Spans for the database work of a request (instrumentation.ts starts the
// OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set). postgres.js and
// PGlite have no instrumentation of their own, so the transaction and each
// statement of it get a span here, under whatever span is active — Next's page
// or route span. Attributes say which statement kind ran, never its values.
const tracer = trace.getTracer("rematricula-db");

export function tracingEnabled(): boolean {
  return !!process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
}

const ATTRIBUTES = { "db.system.name": "postgresql" } as const;

export async function inSpan<T>(name: string, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes: ATTRIBUTES }, async (span) => {
    try {
      return await work(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw e;
    } finally {
      span.end();
    }
  });
}

/** The statement's first keyword (SELECT, WITH, INSERT...), read from the query's first literal chunk. */
function operationOf(query: SQL): string {
  const first = (query as unknown as { queryChunks?: { value?: unknown }[] }).queryChunks?.[0]?.value;
  const text = Array.isArray(first) && typeof first[0] === "string" ? first[0] : "";
  return text.trimStart().match(/^[a-z]+/i)?.[0].toUpperCase() ?? "QUERY";
}

/** The transaction with a span around each `execute` (the only way the app's code queries). */
export function tracedTx(tx: Tx): Tx {
  return new Proxy(tx, {
    get(target, key, receiver) {
      if (key !== "execute") return Reflect.get(target, key, receiver);
      return (query: SQL) => {
        const operation = operationOf(query);
        return inSpan(operation, async (span) => {
          span.setAttribute("db.operation.name", operation);
          return target.execute(query);
        });
      };
    },
  });
}

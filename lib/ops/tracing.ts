import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

/**
 * Starts the OpenTelemetry SDK for this process when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set (off otherwise: Next then creates no spans at all). Next's own spans —
 * the request, the render of the route — and the database spans of db/tracing.ts
 * go to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` as OTLP over HTTP (JSON), in
 * batches; the exporter reads the standard OTEL_EXPORTER_OTLP_* variables
 * (headers, timeout) and the batch processor OTEL_BSP_*. Returns the provider,
 * or null when tracing is off.
 */
export function startTracing(): NodeTracerProvider | null {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || "rematricula" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return provider;
}

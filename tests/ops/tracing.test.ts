import { afterAll, beforeAll, expect, test } from "vitest";
import { trace } from "@opentelemetry/api";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { startTracing } from "@/lib/ops/tracing";
import { getCampaignProgress } from "@/lib/rematricula/progress";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno } from "../helpers/fixtures";
import { descendants, startOtlpReceiver, type OtlpReceiver } from "../helpers/otlp-receiver";
import { makeSchool } from "../inadimplencia/support";

// The exporter and the database spans, on both databases, in this process. The
// page itself (Next's own request and render spans above ours) is traced in
// e2e/implantacao.spec.ts against the production server.
let t: TestDb;
let receiver: OtlpReceiver;
let provider: NodeTracerProvider | null = null;

beforeAll(async () => {
  t = await createTestDb();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await provider?.shutdown();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  await receiver?.close();
  await t?.close();
});

test("off without OTEL_EXPORTER_OTLP_ENDPOINT: no SDK is started", () => {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  expect(startTracing()).toBeNull();
});

test("with the endpoint set, a request's transaction and statements arrive at the receiver under its span", async () => {
  const session = await makeSchool(t.db);
  await makeAluno(t.db, session.tenantId, { nome: "Aluno Rastreado", unidade: "Centro" });
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  provider = startTracing();
  expect(provider).not.toBeNull();

  await trace.getTracer("test").startActiveSpan("GET /rematricula/progresso", async (span) => {
    try {
      await getCampaignProgress(session);
    } finally {
      span.end();
    }
  });
  await provider!.forceFlush();

  const page = await receiver.waitFor((spans) => spans.find((s) => s.name === "GET /rematricula/progresso"));
  expect(page.service).toBe("rematricula");
  const below = descendants(receiver.spans, page);
  const tx = below.find((s) => s.name === "transaction" && s.parentSpanId === page.spanId);
  expect(tx?.attributes["db.system.name"]).toBe("postgresql");
  const statements = below.filter((s) => s.parentSpanId === tx?.spanId);
  // The settings of the request, then the campaign's one statement (a WITH ... SELECT).
  expect(statements.map((s) => s.name)).toEqual(["SELECT", "WITH"]);
  expect(statements[1].attributes["db.operation.name"]).toBe("WITH");
  // No values of the query travel with the spans: no student's name anywhere.
  expect(JSON.stringify(receiver.spans)).not.toContain("Rastreado");
});

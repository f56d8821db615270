import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { sql } from "drizzle-orm";
import { actionState } from "@/lib/action-state";
import { createLogger, errorFields, log } from "@/lib/log";
import { createTestDb, type TestDb } from "../helpers/db";

// Logs leave the application: they must carry ids and codes, never personal
// data, SQL parameters or amounts (SPEC §10).
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });
afterEach(() => { vi.restoreAllMocks(); });

const SECRETS = ["Maria Aparecida Souza", "123.456.789-09", "maria@familia.com.br", "1999.90"];

/** A real DrizzleQueryError: the driver's message quotes the parameter, drizzle's quotes the SQL and all params. */
async function databaseError(): Promise<unknown> {
  return t.db.execute(sql`select ${SECRETS[0]}::uuid, ${SECRETS[1]}::text, ${SECRETS[2]}::text, ${SECRETS[3]}::numeric`)
    .then(() => undefined, (e: unknown) => e);
}

function capture(): { lines: () => Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const chunks: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  const logger = createLogger(sink);
  logger.level = "info";
  return { logger, lines: () => chunks.join("").trim().split("\n").map((l) => JSON.parse(l)) };
}

test("the error really carries the secrets in its message (otherwise this test proves nothing)", async () => {
  const e = (await databaseError()) as Error;
  expect(e).toBeInstanceOf(Error);
  const text = `${e.message} ${String((e as { cause?: Error }).cause?.message)}`;
  expect(text).toContain(SECRETS[0]);
  expect(e.message).toContain(SECRETS[2]);
});

test("a logged database error keeps only its SQLSTATE, class and stack frames", async () => {
  const e = await databaseError();
  const { logger, lines } = capture();
  logger.error({ requestId: "req-1", tenantId: "t-1", userId: "u-1", ...errorFields(e) }, "action failed");
  const [line] = lines();
  expect(line).toMatchObject({ level: "error", msg: "action failed", requestId: "req-1", tenantId: "t-1", userId: "u-1",
    sqlstate: "22P02", dbError: true, errorType: "DrizzleQueryError" });
  const raw = JSON.stringify(line);
  for (const s of SECRETS) expect(raw).not.toContain(s);
  expect(raw).not.toMatch(/select|params/i);
});

test("fields named like personal data are redacted if someone logs them anyway", () => {
  const { logger, lines } = capture();
  logger.info({ email: SECRETS[2], user: { nome: SECRETS[0], cpf: SECRETS[1], password: "x" }, params: [SECRETS[3]] }, "oops");
  const raw = JSON.stringify(lines()[0]);
  for (const s of SECRETS) expect(raw).not.toContain(s);
  expect(raw).toContain("[redigido]");
});

test("an action that fails on the database logs one error line without the secrets; the user gets a generic message", async () => {
  const e = await databaseError();
  const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
  const state = await actionState("salvarAluno", async () => { throw e; }, { nome: SECRETS[0] });
  expect(state).toMatchObject({ status: "error", code: "UNEXPECTED", values: { nome: SECRETS[0] } });
  expect(error).toHaveBeenCalledTimes(1);
  const [fields] = error.mock.calls[0] as unknown as [Record<string, unknown>];
  expect(fields).toMatchObject({ action: "salvarAluno", outcome: "failed", sqlstate: "22P02" });
  const raw = JSON.stringify(error.mock.calls[0]);
  for (const s of SECRETS) expect(raw).not.toContain(s);
});

test("successful and refused actions are logged too, with the code only", async () => {
  const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
  await actionState("ok", async () => `Aluno ${SECRETS[0]} salvo.`);
  const { AppError } = await import("@/lib/errors");
  await actionState("recusada", async () => { throw new AppError("VALIDATION", `Nome ${SECRETS[0]} inválido`); });
  expect(info.mock.calls.map((c) => (c[0] as unknown as Record<string, unknown>).outcome)).toEqual(["ok", "refused"]);
  expect(info.mock.calls[1][0]).toMatchObject({ action: "recusada", code: "VALIDATION" });
  expect(JSON.stringify(info.mock.calls)).not.toContain(SECRETS[0]);
});

test("a page or route that fails outside any action is logged by onRequestError, path without query, no message", async () => {
  const { onRequestError } = await import("@/instrumentation");
  const e = await databaseError();
  const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
  const previous = process.env.NEXT_RUNTIME;
  process.env.NEXT_RUNTIME = "nodejs";
  try {
    await onRequestError(e, { path: `/rematricula?q=${encodeURIComponent(SECRETS[0])}`, method: "GET",
      headers: { "x-request-id": "req-9" } },
    { routerKind: "App Router", routePath: "/(app)/rematricula", routeType: "render", renderSource: "react-server-components",
      revalidateReason: undefined, renderType: "dynamic" } as never);
  } finally {
    process.env.NEXT_RUNTIME = previous;
  }
  expect(error.mock.calls[0][0]).toMatchObject({ requestId: "req-9", path: "/rematricula", routeType: "render", sqlstate: "22P02" });
  expect(JSON.stringify(error.mock.calls)).not.toMatch(/Maria|maria|123\.456|1999/);
});

test("in production, console.error of a database error goes to the log without its message", async () => {
  const { routeConsole } = await import("@/lib/log-console");
  const e = await databaseError();
  const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
  const original = { error: console.error, warn: console.warn };
  routeConsole();
  try {
    console.error(e);
  } finally {
    Object.assign(console, original);
  }
  expect(error.mock.calls[0][0]).toMatchObject({ source: "console", sqlstate: "22P02" });
  expect(JSON.stringify(error.mock.calls)).not.toMatch(/Maria|maria|123\.456|1999/);
});

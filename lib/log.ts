import pino from "pino";

/**
 * The app's structured log: one JSON object per line on stdout, for whatever
 * collects the container's or the service's output. What goes in is ids and
 * codes only — request id, tenant id, user id, SQLSTATE — never names, CPFs,
 * e-mails, passwords, SQL parameters or amounts. The redact list is a second
 * line for a field someone adds by mistake; errors go through `errorFields`,
 * which drops their messages (a database error's message quotes the failed SQL
 * and its parameters, and a constraint error's detail quotes the row).
 */
const LOG_OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "rematricula" },
  timestamp: pino.stdTimeFunctions.isoTime,
  messageKey: "msg",
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ["password", "email", "cpf", "nome", "name", "*.password", "*.email", "*.cpf", "*.nome", "*.name",
      "params", "*.params", "values", "*.values"],
    censor: "[redigido]",
  },
};

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(LOG_OPTIONS, destination ?? pino.destination({ dest: 1, sync: true }));
}

export const log = createLogger();

/** PostgreSQL's error code, on the error itself (postgres.js, PGlite) or its cause (drizzle wraps both). */
export function sqlstateOf(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What may be logged of an error: its class, the SQLSTATE when the database
 * raised it, and the call stack without the message line.
 */
export function errorFields(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { errorType: typeof e };
  const sqlstate = sqlstateOf(e);
  const frames = (e.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at ")).slice(0, 12);
  return {
    errorType: e.constructor?.name ?? e.name,
    ...(sqlstate ? { sqlstate, dbError: true } : {}),
    stack: frames.join("\n"),
  };
}

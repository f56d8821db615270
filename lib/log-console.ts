import { errorFields, log } from "./log";

/**
 * In production, what libraries and Next itself write with console.error or
 * console.warn goes to the structured log too — Errors as their class, SQLSTATE
 * and stack frames only (Next prints a failed render's error, message and all),
 * other values as short text.
 */
export function routeConsole(): void {
  const fields = (args: unknown[]) => {
    const error = args.find((a) => a instanceof Error);
    const text = args.filter((a) => typeof a === "string").join(" ").slice(0, 200);
    return { source: "console", ...(text ? { text } : {}), ...(error ? errorFields(error) : {}) };
  };
  console.error = (...args: unknown[]) => log.error(fields(args), "console.error");
  console.warn = (...args: unknown[]) => log.warn(fields(args), "console.warn");
}

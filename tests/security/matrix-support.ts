import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";

const APP_DIR = path.resolve(process.cwd(), "app");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

const relative = (file: string) => path.relative(process.cwd(), file).split(path.sep).join("/");

/** Every server action module of the app: files whose first statement is "use server". */
export function serverActionFiles(): string[] {
  return walk(APP_DIR)
    .filter((f) => /\.(ts|tsx)$/.test(f) && /^\s*(["'])use server\1/.test(readFileSync(f, "utf8")))
    .map(relative).sort();
}

export function routeHandlerFiles(): string[] {
  return walk(APP_DIR).filter((f) => /\/route\.(ts|tsx)$/.test(f)).map(relative).sort();
}

/** "file#export" for every exported function of the app's action and route modules. */
export async function discoverEndpoints(): Promise<string[]> {
  const out: string[] = [];
  for (const file of serverActionFiles()) {
    const mod = await import(/* @vite-ignore */ path.resolve(file));
    for (const [name, v] of Object.entries(mod)) if (typeof v === "function") out.push(`${file}#${name}`);
  }
  for (const file of routeHandlerFiles()) {
    const mod = await import(/* @vite-ignore */ path.resolve(file));
    for (const name of Object.keys(mod)) if (HTTP_METHODS.includes(name)) out.push(`${file}#${name}`);
  }
  return out.sort();
}

export async function loadEndpoint(key: string): Promise<(...args: unknown[]) => Promise<unknown>> {
  const [file, name] = key.split("#");
  const mod = await import(/* @vite-ignore */ path.resolve(file));
  return mod[name];
}

/**
 * A fingerprint of every row of every table but the sign-in throttle (an
 * attempt legitimately counts there) and those named in `ignore`: a refused
 * call must leave it unchanged.
 */
export async function fingerprint(db: Db, ignore: string[] = []): Promise<Record<string, string>> {
  const skip = ["login_throttle", ...ignore];
  const tables = rowsOf<{ name: string }>(await db.execute(sql`select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
      and c.relname <> all (${`{${skip.join(",")}}`}::text[]) order by 1`));
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = rowsOf<{ h: string | null }>(await db.execute(sql`select md5(string_agg(t::text, '|' order by t::text)) as h
      from ${sql.identifier(name)} t`));
    out[name] = row.h ?? "empty";
  }
  return out;
}

const REFUSAL_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION"]);

/**
 * Whether a call's outcome is a refusal: a domain error or form state with a
 * refusal code, Next's redirect to sign-in or "sem acesso", its not-found, or
 * an HTTP 4xx. Anything else — success, a 500, an unexpected exception — is not.
 */
export async function describeOutcome(outcome: { value?: unknown; error?: unknown }): Promise<{ refused: boolean; text: string }> {
  const { value, error } = outcome;
  if (error !== undefined) {
    if (error instanceof AppError) return { refused: REFUSAL_CODES.has(error.code), text: `AppError ${error.code}` };
    const digest = (error as { digest?: unknown })?.digest;
    if (typeof digest === "string") {
      const refused = /^NEXT_REDIRECT;[^;]*;\/(login|sem-acesso)/.test(digest) || digest === "NEXT_HTTP_ERROR_FALLBACK;404";
      return { refused, text: digest };
    }
    return { refused: false, text: `threw ${String(error)}` };
  }
  if (value instanceof Response) {
    const text = await value.text();
    return { refused: value.status >= 400 && value.status < 500, text: `${value.status} ${text}` };
  }
  const state = value as { status?: unknown; code?: unknown } | undefined;
  if (state?.status === "error" && typeof state.code === "string") {
    return { refused: REFUSAL_CODES.has(state.code), text: JSON.stringify(value) };
  }
  return { refused: false, text: JSON.stringify(value) ?? "undefined" };
}

export async function outcomeOf(work: () => Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error };
  }
}

/** A FormData from plain fields. */
export function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

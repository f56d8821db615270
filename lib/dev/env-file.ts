import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync } from "node:fs";

/**
 * Makes sure `file` holds an AUTH_SECRET (unless the environment already has one)
 * and that it is readable by its owner only: the secret signs every session, so
 * anyone who can read it can forge a sign-in as any user of any school. An
 * existing file gets the same mode, since earlier versions wrote it with the umask.
 * Returns whether a secret was written.
 */
export function ensureAuthSecret(file: string, env: Record<string, string | undefined> = process.env): boolean {
  const present = existsSync(file);
  let wrote = false;
  if (!env.AUTH_SECRET && !(present && readFileSync(file, "utf8").includes("AUTH_SECRET="))) {
    appendFileSync(file, `AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
    wrote = true;
  }
  if (existsSync(file)) chmodSync(file, 0o600);
  return wrote;
}

import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/**
 * Makes sure `file` holds an AUTH_SECRET (unless the environment already has one)
 * and that it is readable by its owner only: the secret signs every session, so
 * anyone who can read it can forge a sign-in as any user of any school. An
 * existing file gets the same mode, since earlier versions wrote it with the umask.
 * The file is parsed as Next reads it: a commented-out line, an empty value or
 * another name ending in the same letters (NEXTAUTH_SECRET=) is no secret.
 * Returns whether a secret was written.
 */
export function ensureAuthSecret(file: string, env: Record<string, string | undefined> = process.env): boolean {
  const present = existsSync(file);
  let wrote = false;
  const content = present ? readFileSync(file, "utf8") : "";
  if (!env.AUTH_SECRET && !parseEnv(content).AUTH_SECRET) {
    // A file that does not end its last line would glue the secret to it.
    const separator = content === "" || content.endsWith("\n") ? "" : "\n";
    appendFileSync(file, `${separator}AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
    wrote = true;
  }
  if (existsSync(file)) chmodSync(file, 0o600);
  return wrote;
}

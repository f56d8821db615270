import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withAppContext } from "@/db/tenant";
import { AppError } from "@/lib/errors";
import { countSignIn } from "@/lib/ops/metrics";
import { verifyPassword } from "./password";
import { accountKey, ipKey, releaseAfterSuccess, reserveAttempt, THROTTLE } from "./throttle";

export const THROTTLED_MESSAGE = "Muitas tentativas sem sucesso. Aguarde alguns minutos e tente novamente.";

/**
 * Checks an e-mail and password. Returns the user on success, null on a wrong
 * e-mail or password (the caller shows one message for both), and throws
 * THROTTLED while the account or the client address is locked.
 */
export async function verifyCredentials(
  email: string,
  password: string,
  ip: string,
): Promise<{ id: string; name: string; email: string } | null> {
  const account = accountKey(email);
  const address = ipKey(ip);
  // Both keys are counted before any hashing, in one short transaction that
  // commits at once, so parallel attempts cannot all slip past the limit.
  const allowed = await withAppContext({}, async (tx) =>
    (await reserveAttempt(tx, account, THROTTLE.maxPerAccount)) && (await reserveAttempt(tx, address, THROTTLE.maxPerIp)));
  if (!allowed) {
    countSignIn("throttled");
    throw new AppError("THROTTLED", THROTTLED_MESSAGE);
  }
  const found = await withAppContext({}, async (tx) =>
    rowsOf<{ id: string; name: string; password_hash: string }>(
      await tx.execute(sql`select id, name, password_hash from auth_user_by_email(${email})`),
    )[0],
  );
  // Always run the hash, also for unknown e-mails: both answers take the same time.
  const ok = await verifyPassword(found?.password_hash ?? null, password);
  if (ok && found) await withAppContext({}, (tx) => releaseAfterSuccess(tx, account, address));
  countSignIn(ok && found ? "ok" : "failed");
  return ok && found ? { id: found.id, name: found.name, email: email.trim().toLowerCase() } : null;
}

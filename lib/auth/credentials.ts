import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withAppContext } from "@/db/tenant";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { accountKey, clearFailures, ipKey, isLocked, recordFailure, THROTTLE } from "./throttle";

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
  const keys: [string, string] = [accountKey(email), ipKey(ip)];
  if (await withAppContext({}, (tx) => isLocked(tx, keys))) {
    throw new AppError("THROTTLED", THROTTLED_MESSAGE);
  }
  const found = await withAppContext({}, async (tx) =>
    rowsOf<{ id: string; name: string; password_hash: string }>(
      await tx.execute(sql`select id, name, password_hash from auth_user_by_email(${email})`),
    )[0],
  );
  // Always run the hash, also for unknown e-mails: both answers take the same time.
  const ok = await verifyPassword(found?.password_hash ?? null, password);
  await withAppContext({}, async (tx) => {
    if (ok) await clearFailures(tx, keys[0]);
    else {
      await recordFailure(tx, keys[0], THROTTLE.maxPerAccount);
      await recordFailure(tx, keys[1], THROTTLE.maxPerIp);
    }
  });
  return ok && found ? { id: found.id, name: found.name, email: email.trim().toLowerCase() } : null;
}

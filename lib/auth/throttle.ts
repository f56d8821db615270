import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";

// Failed sign-ins within a window lock the key for the rest of the window. The
// e-mail key is counted whether or not the account exists, so a lock tells an
// attacker nothing about which e-mails are registered.
export const THROTTLE = {
  windowMinutes: 15,
  maxPerAccount: 5,
  maxPerIp: 30,
} as const;

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Counts an attempt for this key before the password is checked, and says
 * whether it may go ahead. The upsert locks the key's row, so concurrent
 * attempts are counted one after the other: of 50 parallel tries at most `max`
 * reach the (deliberately slow) password hash. A success gives its count back.
 */
export async function reserveAttempt(tx: Tx, key: string, max: number): Promise<boolean> {
  const window = `${THROTTLE.windowMinutes} minutes`;
  const r = await tx.execute(sql`
    insert into login_throttle as t (key, failures, window_start, locked_until)
    values (${key}, 1, now(), case when 1 >= ${max} then now() + ${window}::interval end)
    on conflict (key) do update set
      failures = case when t.window_start < now() - ${window}::interval then 1 else t.failures + 1 end,
      window_start = case when t.window_start < now() - ${window}::interval then now() else t.window_start end,
      locked_until = case
        when (case when t.window_start < now() - ${window}::interval then 1 else t.failures + 1 end) >= ${max}
        then coalesce(t.locked_until, now() + ${window}::interval)
        else null end
    returning failures`);
  return rowsOf<{ failures: number }>(r)[0].failures <= max;
}

/** After a successful sign-in: the account starts afresh, the address gets its attempt back. */
export async function releaseAfterSuccess(tx: Tx, account: string, ip: string): Promise<void> {
  await tx.execute(sql`delete from login_throttle where key = ${account}`);
  await tx.execute(sql`update login_throttle set failures = greatest(failures - 1, 0) where key = ${ip}`);
}

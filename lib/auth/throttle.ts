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

export async function isLocked(tx: Tx, keys: [string, string]): Promise<boolean> {
  const r = await tx.execute(sql`select 1 from login_throttle
    where key in (${keys[0]}, ${keys[1]}) and locked_until > now() limit 1`);
  return rowsOf(r).length > 0;
}

export async function recordFailure(tx: Tx, key: string, max: number): Promise<void> {
  const window = `${THROTTLE.windowMinutes} minutes`;
  await tx.execute(sql`
    insert into login_throttle as t (key, failures, window_start, locked_until)
    values (${key}, 1, now(), case when 1 >= ${max} then now() + ${window}::interval end)
    on conflict (key) do update set
      failures = case when t.window_start < now() - ${window}::interval then 1 else t.failures + 1 end,
      window_start = case when t.window_start < now() - ${window}::interval then now() else t.window_start end,
      locked_until = case
        when (case when t.window_start < now() - ${window}::interval then 1 else t.failures + 1 end) >= ${max}
        then now() + ${window}::interval
        else t.locked_until end`);
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`delete from login_throttle where key = ${key}`);
}

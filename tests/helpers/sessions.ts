import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/db/client";

const opened = new Map<string, string>();

/**
 * What Auth.js's auth() answers for a signed-in user, for tests that stub only
 * the cookie step: their id and a live server-side session record (one per
 * user and test database), which every request's context read requires.
 */
export async function authSession(userId: string): Promise<{ user: { id: string }; sid: string }> {
  let sid = opened.get(userId);
  if (!sid) {
    sid = rowsOf<{ sid: string }>(await getDb().execute(sql`select app_session_open(${userId}) as sid`))[0].sid;
    opened.set(userId, sid);
  }
  return { user: { id: userId }, sid };
}

/**
 * Opens a session for every user now, so that tests comparing the whole
 * database before and after a call do not see the first call's sign-in.
 */
export async function signInEveryone(): Promise<void> {
  for (const { id } of rowsOf<{ id: string }>(await getDb().execute(sql`select id from users`))) await authSession(id);
}

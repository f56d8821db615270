import "server-only";
import { sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "@/db/client";
import { withAppContext } from "@/db/tenant";

/**
 * Server-side session records (migration 0013). The cookie is a JWT that no one
 * can forge, but one copied from a browser stays valid until it expires; what
 * it names must therefore also exist on the server. The request's context is
 * read with its session (app_session_context), so ending a session here ends
 * every copy of its cookie at the next request — no extra round trip.
 */
export async function openSession(userId: string): Promise<string> {
  const r = await getDb().execute(sql`select app_session_open(${userId}) as sid`);
  return rowsOf<{ sid: string }>(r)[0].sid;
}

/** "Sair": this session only. */
export async function endSession(sessionId: string): Promise<void> {
  await getDb().execute(sql`select app_session_end(${sessionId})`);
}

/** Every session of the transaction's user (app.current_user) but `keep`; null ends them all. */
export async function endMySessions(tx: Tx, keep: string | null): Promise<number> {
  const r = await tx.execute(sql`select app_sessions_end_mine(${keep}) as n`);
  return rowsOf<{ n: number }>(r)[0].n;
}

/** "Sair em todos os dispositivos": every session of the user, this one included. */
export async function endAllSessions(userId: string): Promise<number> {
  return withAppContext({ userId }, (tx) => endMySessions(tx, null));
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withAppContext } from "@/db/tenant";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endMySessions } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";

/**
 * Any signed-in user's own password change: the current one must be right and
 * the new one at least 10 characters and different. It also ends a temporary
 * password's "must change" state, and every other session of the user: a
 * cookie copied before the change opens nothing afterwards.
 */
export async function changeOwnPassword(userId: string, sessionId: string, current: string, next: string): Promise<void> {
  const stored = await withAppContext({ userId }, async (tx) =>
    rowsOf<{ password_hash: string }>(await tx.execute(sql`select a.password_hash
      from users u cross join lateral auth_user_by_email(u.email) a where u.id = ${userId}`))[0]);
  if (!stored) throw new AppError("UNAUTHENTICATED", "Sua sessão expirou. Entre novamente.");
  if (!(await verifyPassword(stored.password_hash, current))) {
    throw new AppError("VALIDATION", "Senha atual incorreta.", { current: "Senha atual incorreta." });
  }
  if (next === current) {
    throw new AppError("VALIDATION", "A nova senha deve ser diferente da atual.", { password: "A nova senha deve ser diferente da atual." });
  }
  const hash = await hashPassword(next);
  await withAppContext({ userId }, async (tx) => {
    await tx.execute(sql`select set_own_password(${hash})`);
    await endMySessions(tx, sessionId);
  });
}

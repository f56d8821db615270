import { sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "./client";

export interface AppContext {
  tenantId?: string | null;
  userId?: string | null;
}

export interface TenantContext {
  tenantId: string;
  userId: string;
}

/**
 * Runs `fn` in one transaction as the application role, with the request's tenant
 * and user set for RLS. The role switch is transaction-local, so a pooled
 * connection never keeps it; the role is not superuser, owns no table and cannot
 * bypass RLS, which is what makes the policies bind.
 */
export function withAppContext<T>(ctx: AppContext, fn: (tx: Tx) => Promise<T>, db: Db = getDb()): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'rematricula_app', true),
      set_config('app.current_tenant', ${ctx.tenantId ?? ""}, true),
      set_config('app.current_user', ${ctx.userId ?? ""}, true)`);
    return fn(tx);
  });
}

export function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>, db?: Db): Promise<T> {
  return withAppContext(ctx, fn, db);
}

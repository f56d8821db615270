import { sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "./client";
import { countDbError, observePoolWait } from "./metrics";
import { inSpan, tracedTx, tracingEnabled } from "./tracing";

export interface AppContext {
  tenantId?: string | null;
  userId?: string | null;
  /** Leave PostgreSQL its cached plans (see withAppContext). */
  cachedPlans?: boolean;
}

export interface TenantContext {
  tenantId: string;
  userId: string;
  cachedPlans?: boolean;
}

/**
 * Runs `fn` in one transaction as the application role, with the request's tenant
 * and user set for RLS. The role switch is transaction-local, so a pooled
 * connection never keeps it; the role is not superuser, owns no table and cannot
 * bypass RLS, which is what makes the policies bind.
 *
 * Queries are named prepared statements (db/client.ts), and after five runs
 * PostgreSQL may keep one generic plan for every parameter — the same plan for
 * a school of 30 rows and one of 5 000. With them the mixed soak did a fifth of
 * the work (2 872 against 14 721 operations in 20 s); every execution is
 * planned for its own values instead. `cachedPlans` keeps PostgreSQL's own
 * choice, for two kinds of work: a bulk write, where the foreign-key check of
 * each written row is a cached statement and planning it anew cost an import a
 * second per 100 000 rows; and the campaign's home, whose one statement reads
 * the school through row security (which no plan sees) and takes as values
 * only the page and a config key: its generic plan is the custom one, and
 * planning it on every view cost 1.1 ms of the 7.5 ms the page spends in
 * PostgreSQL at 3 000 students.
 *
 * Operators see the wait for the transaction and its failures by SQLSTATE
 * class in /api/metrics, and, with tracing on, a span for it and each statement.
 */
export function withAppContext<T>(ctx: AppContext, fn: (tx: Tx) => Promise<T>, db: Db = getDb()): Promise<T> {
  const traced = tracingEnabled();
  const run = () => {
    const asked = performance.now();
    return db.transaction(async (raw) => {
      observePoolWait((performance.now() - asked) / 1000);
      const tx = traced ? tracedTx(raw) : raw;
      await tx.execute(sql`select set_config('role', 'rematricula_app', true),
        set_config('app.current_tenant', ${ctx.tenantId ?? ""}, true),
        set_config('app.current_user', ${ctx.userId ?? ""}, true),
        set_config('plan_cache_mode', ${ctx.cachedPlans ? "auto" : "force_custom_plan"}, true)`);
      return fn(tx);
    }).catch((e: unknown) => {
      countDbError(e);
      throw e;
    });
  };
  return traced ? inSpan("transaction", run) : run();
}

export function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>, db?: Db): Promise<T> {
  return withAppContext(ctx, fn, db);
}

import { is, sql } from "drizzle-orm";
import { PgliteDatabase } from "drizzle-orm/pglite";
import { getDb, type Db, type Tx } from "./client";
import { countDbError, observePoolWait } from "./metrics";
import { inSpan, tracedTx, tracingEnabled } from "./tracing";

export interface AppContext {
  tenantId?: string | null;
  userId?: string | null;
  /** Bulk writes: leave PostgreSQL its cached plans (see withAppContext). */
  bulk?: boolean;
}

export interface TenantContext {
  tenantId: string;
  userId: string;
  bulk?: boolean;
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
 * planned for its own values instead. A bulk write (`bulk`) keeps PostgreSQL's
 * own choice: the foreign-key check of each written row is a cached statement,
 * and planning it anew cost an import a second per 100 000 rows.
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
      const settings = tx.execute(sql`select set_config('role', 'rematricula_app', true),
        set_config('app.current_tenant', ${ctx.tenantId ?? ""}, true),
        set_config('app.current_user', ${ctx.userId ?? ""}, true),
        set_config('plan_cache_mode', ${ctx.bulk ? "auto" : "force_custom_plan"}, true)`);
      // Traced, every statement is asked for inside its span, a microtask or
      // more later: the order below would rest on counting them. Tracing keeps
      // the settings' round trip (and their span) instead.
      if (traced || !pipelines(db)) {
        await settings;
        return fn(tx);
      }
      // postgres.js writes a transaction's queries in the order they are asked
      // for and PostgreSQL runs them in that order, so the settings can go out
      // with the first statements instead of a round trip of their own (one of
      // a page's five). They are asked for (`then`) before fn runs, and every
      // query of fn is asked later, a query awaited there a microtask later at
      // the earliest; tests/security/transaction-settings.test.ts holds this. If
      // the settings fail, what follows fails with the aborted transaction and
      // the settings' own error is the one thrown.
      const set = settings.then(() => undefined);
      const [, result] = await Promise.all([set, (async () => fn(tx))()]);
      return result;
    }).catch((e: unknown) => {
      countDbError(e);
      throw e;
    });
  };
  return traced ? inSpan("transaction", run) : run();
}

/** Only a client on a socket pipelines; PGlite runs one query at a time in the process. */
function pipelines(db: Db): boolean {
  return !is(db, PgliteDatabase);
}

export function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>, db?: Db): Promise<T> {
  return withAppContext(ctx, fn, db);
}

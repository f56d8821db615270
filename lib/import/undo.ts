import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type Capability, type TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { batchNotFound, isUuid } from "./batch-id";
import { lockImports } from "./lock";
import type { ImportKind } from "./types";

/** Names listed in a refusal; the message says how many more there are. */
const NAMES_SHOWN = 20;

/**
 * The frame of an undo, the same for both imports: the school's import lock,
 * the batch of that kind locked and not yet undone, then marked undone by this
 * transaction before `restore` runs (the roster's write policies read that
 * mark), and named in the settings the audit triggers read. `restore` puts the
 * records back or throws; a throw rolls the whole undo back.
 */
export async function undoBatch<T>(
  session: TenantSession,
  kind: ImportKind,
  capability: Capability,
  batchId: string,
  restore: (tx: Tx) => Promise<T>,
): Promise<T> {
  assertCan(session, capability);
  if (!isUuid(batchId)) throw batchNotFound();
  return withTenant(session, async (tx) => {
    await lockImports(tx);
    const [batch] = rowsOf<{ undoneAt: string | null; anonymizedAt: string | null }>(
      await tx.execute(sql`select undone_at as "undoneAt", anonymized_at as "anonymizedAt" from import_batches
        where tenant_id = (select app_tenant()) and kind = ${kind} and id = ${batchId} for update`),
    );
    if (!batch) throw batchNotFound();
    if (batch.undoneAt) throw new AppError("CONFLICT", "Esta importação já foi desfeita.");
    // Its record of each row lost the personal fields: undoing would write the masks back.
    if (batch.anonymizedAt) throw new AppError("CONFLICT", ANONYMISED_BATCH);
    await tx.execute(sql`update import_batches set undone_at = now(), undone_by = (select app_user())
      where tenant_id = (select app_tenant()) and id = ${batchId}`);
    await tx.execute(sql`select set_config('app.import_batch', ${batchId}, true),
      set_config('app.audit_action', 'import_undo', true)`);
    return restore(tx);
  });
}

export const ANONYMISED_BATCH = "Não é possível desfazer: esta importação passou do prazo de retenção e os dados " +
  "pessoais guardados dela foram anonimizados (LGPD).";

/**
 * The refusal of an undo because records it would restore were anonymised
 * since (by the retention purge or a family's request): their names are gone,
 * and putting them back would bring back rows of no one. Named by their labels.
 */
export function anonymisedSince(labels: readonly string[]): AppError {
  const shown = labels.slice(0, NAMES_SHOWN);
  const more = labels.length > NAMES_SHOWN ? ` e mais ${labels.length - NAMES_SHOWN}` : "";
  return new AppError(
    "CONFLICT",
    `Não é possível desfazer: ${labels.length === 1 ? "este registro foi anonimizado" : "estes registros foram anonimizados"} ` +
      `(LGPD) depois da importação: ${shown.join(", ")}${more}.`,
    { rows: labels.join("\n") },
  );
}

/** The refusal of an undo because records changed after the batch, naming them. */
export function changedSince(names: readonly string[], noun: { one: string; many: string }): AppError {
  const shown = names.slice(0, NAMES_SHOWN);
  const more = names.length > NAMES_SHOWN ? ` e mais ${names.length - NAMES_SHOWN}` : "";
  return new AppError(
    "CONFLICT",
    `Não é possível desfazer: ${names.length === 1 ? noun.one : noun.many} ` +
      `depois da importação: ${shown.join(", ")}${more}.`,
    { rows: names.join("\n") },
  );
}

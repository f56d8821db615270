import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/parse-input";

/** The kinds of rows a school's retention covers (privacy_due in migration 0018). */
export const RETENTION_KINDS = ["inadimplentes", "eventos", "importacoes"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/**
 * Limits and defaults in months, the same as system_config_retention_check and
 * privacy_retention_months. Events keep at least 13 months: the trends read 52 weeks.
 */
export const RETENTION: Record<RetentionKind, { label: string; min: number; max: number; default: number; what: string }> = {
  inadimplentes: {
    label: "Registros inativos da lista de inadimplentes", min: 6, max: 120, default: 24,
    what: "meses depois de pagos ou removidos, o nome do aluno, do responsável, o código e o motivo são anonimizados (também no histórico)",
  },
  eventos: {
    label: "Tentativas de rematrícula bloqueadas e motivos de cancelamento", min: 13, max: 120, default: 24,
    what: "meses depois, o evento perde o aluno e o código, e o motivo de uma rematrícula cancelada vira \"Anonimizado\"; a contagem continua nas estatísticas",
  },
  importacoes: {
    label: "Relatórios e registros das importações", min: 1, max: 120, default: 12,
    what: "meses depois, as linhas com erro guardadas da importação são apagadas e a cópia de cada aluno de uma importação do cadastro perde os dados pessoais; as contagens ficam e a importação não pode mais ser desfeita",
  },
};

const configKey = (kind: RetentionKind) => `privacidade.retencao.${kind}_meses`;

const months = (kind: RetentionKind) => z.number({ error: "Informe um número inteiro de meses." })
  .int({ error: "Informe um número inteiro de meses." })
  .min(RETENTION[kind].min, { error: `O mínimo é ${RETENTION[kind].min} meses.` })
  .max(RETENTION[kind].max, { error: `O máximo é ${RETENTION[kind].max} meses.` });

export const retentionInput = z.object({
  inadimplentes: months("inadimplentes"),
  eventos: months("eventos"),
  importacoes: months("importacoes"),
});

/**
 * What the purge's preview lists (privacy_preview in migration 0023): the three
 * periods, the cancellation reasons (under the events' period) and the expired
 * sessions of the school's members (30 days after their end, no period).
 */
export type PreviewKind = RetentionKind | "cancelamentos" | "sessoes";

export const PREVIEW_LABEL: Record<PreviewKind, string> = {
  inadimplentes: RETENTION.inadimplentes.label,
  eventos: "Tentativas de rematrícula bloqueadas",
  importacoes: RETENTION.importacoes.label,
  cancelamentos: "Motivos de cancelamento de rematrícula",
  sessoes: "Sessões expiradas dos usuários da escola (apagadas)",
};

export interface RetentionRow {
  kind: PreviewKind;
  /** The period in months; null for sessions (30 days after they expire). */
  months: number | null;
  /** Rows the next purge would anonymise (sessions: delete) today. */
  due: number;
}

export const isRetentionKind = (kind: string): kind is RetentionKind => (RETENTION_KINDS as readonly string[]).includes(kind);

/** The school's periods and what the next purge would do with them (admins only, also in the database). */
export async function retentionPreview(session: TenantSession): Promise<RetentionRow[]> {
  assertCan(session, "config");
  return withTenant(session, async (tx) =>
    rowsOf<RetentionRow>(await tx.execute(sql`select kind, months, due from privacy_preview()`)));
}

/**
 * Saves the periods that changed. The system_config policies let only the
 * school's admins write, and the constraint holds the limits whatever code runs;
 * each change is audited by the table's trigger.
 */
export async function saveRetention(session: TenantSession, input: unknown): Promise<RetentionKind[]> {
  assertCan(session, "config");
  const wanted = parseInput(retentionInput, input);
  return withTenant(session, async (tx) => {
    const current = rowsOf<RetentionRow>(await tx.execute(sql`select kind, months, due from privacy_preview()`));
    const changed = RETENTION_KINDS.filter((k) => current.find((r) => r.kind === k)?.months !== wanted[k]);
    for (const k of changed) {
      await tx.execute(sql`insert into system_config (tenant_id, key, value, updated_by)
        values (app_tenant(), ${configKey(k)}, ${String(wanted[k])}::jsonb, app_user())
        on conflict (tenant_id, key) do update set value = excluded.value, updated_at = now(), updated_by = app_user()`);
    }
    return changed;
  });
}

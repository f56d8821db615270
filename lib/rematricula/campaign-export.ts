import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { recordExport } from "@/lib/audit/exports";
import { toCsv } from "@/lib/csv/export";
import { classifiedCtes, filterWhere, situacaoWhere } from "./classify-sql";
import { effectiveQuery, readCampaignOptions } from "./campaign-options";
import type { CampaignQuery } from "./campaign-query";
import { situacaoLabel, statusLabel } from "./situacao-label";

const HEADER = ["Matrícula", "Aluno", "Responsável", "Unidade", "Série", "Turma", "Situação cadastral", "Situação da rematrícula"];

// Far above a school's size; a bound so no request can build an unbounded file.
const MAX_ROWS = 50_000;

/**
 * The filtered campaign list as CSV (SPEC §6). The situação is the only trace
 * of the delinquent list: no code, no months — the secretaria may not read them.
 * Cells that a spreadsheet would run as a formula are neutralised by toCsv.
 * Every export is recorded (export_log): who, when, the filters, the rows —
 * the "bloqueado" filter is, after all, the list of debtors as a file.
 */
export async function exportCampaignCsv(session: TenantSession, requested: CampaignQuery): Promise<string> {
  assertCan(session, "rematricula");
  const rows = await withTenant(session, async (tx) => {
    const query = effectiveQuery(requested, await readCampaignOptions(tx));
    const r = await tx.execute(sql`with ${classifiedCtes(filterWhere(query))}
      select matricula, nome, responsavel_nome, unidade, serie, turma, status, situacao, cancelada
      from classified where ${situacaoWhere(query.situacao)}
      order by nome_norm, nome, id limit ${MAX_ROWS}`);
    const found = rowsOf<{ matricula: string | null; nome: string; responsavel_nome: string | null; unidade: string | null; serie: string | null;
      turma: string | null; status: string; situacao: "pendente" | "rematriculado" | "bloqueado" | "indisponivel";
      cancelada: boolean }>(r);
    const { q, unidade, serie, turma, situacao } = query;
    await recordExport(tx, "rematricula", { q, unidade, serie, turma, situacao }, found.length);
    return found;
  });
  return toCsv(HEADER, rows.map((r) => [
    r.matricula, r.nome, r.responsavel_nome, r.unidade, r.serie, r.turma, statusLabel(r.status), situacaoLabel(r),
  ]));
}

import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";

export interface PrivacyRequest {
  at: Date;
  alunoId: string;
  alunoNome: string;
  kind: "acesso" | "anonimizacao";
  outcome: "entregue" | "anonimizado" | "recusado";
  reason: string | null;
  actorName: string | null;
}

export const REQUEST_LABEL: Record<PrivacyRequest["kind"], string> = { acesso: "Acesso aos dados", anonimizacao: "Anonimização" };
export const OUTCOME_LABEL: Record<PrivacyRequest["outcome"], string> = {
  entregue: "Entregue", anonimizado: "Anonimizado", recusado: "Recusado",
};

/** The school's latest family requests, for its admins (the table's policy says the same). */
export async function recentRequests(session: TenantSession, limit = 20): Promise<PrivacyRequest[]> {
  assertCan(session, "people");
  return withTenant(session, async (tx) => {
    const rows = rowsOf<{ at: string | Date; aluno_id: string; nome: string; kind: PrivacyRequest["kind"];
      outcome: PrivacyRequest["outcome"]; reason: string | null; actor: string | null }>(await tx.execute(sql`
      select r.at, r.aluno_id, a.nome, r.kind, r.outcome, r.reason, u.name as actor
      from privacy_requests r join alunos a on a.id = r.aluno_id left join users u on u.id = r.actor
      order by r.at desc, r.id limit ${limit}`));
    return rows.map((r) => ({ at: new Date(r.at), alunoId: r.aluno_id, alunoNome: r.nome, kind: r.kind, outcome: r.outcome,
      reason: r.reason, actorName: r.actor }));
  });
}

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rolloutPanel } from "@/lib/config/rollout";
import type { TenantSession } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeRematricula, makeStaff, makeTenant, setFlag } from "../helpers/fixtures";
import { q } from "../foundation/support";

let t: TestDb;
let admin: TenantSession;
let tid: string;

// A school with every case the panel counts: delinquents pending (blocked),
// one already re-enrolled, one with a liberação in force and one with an
// expired one, a guardian mismatch, list rows matching nobody, an inactive row,
// attempts today, this week and older — and a second school whose numbers must
// never show.
beforeAll(async () => {
  t = await createTestDb();
  tid = await makeTenant(t.db, "Escola do Painel");
  admin = await makeStaff(t.db, tid, ["admin"]);
  const devedor = await makeAluno(t.db, tid, { nome: "Ana Devedora", responsavelNome: "Rosa Devedora" });
  await makeAluno(t.db, tid, { nome: "Bruno Devedor" });
  const feito = await makeAluno(t.db, tid, { nome: "Caio Rematriculado" });
  const liberado = await makeAluno(t.db, tid, { nome: "Dora Liberada" });
  const expirado = await makeAluno(t.db, tid, { nome: "Elias Expirado" });
  await makeAluno(t.db, tid, { nome: "Fábio em Dia" });
  await makeAluno(t.db, tid, { nome: "Gil Inativo", status: "inativo" });
  await makeRematricula(t.db, tid, feito);
  await makeLiberacao(t.db, tid, liberado, { validFor: "10 days" });
  await makeLiberacao(t.db, tid, expirado, { validFor: "-1 day" });
  await makeInadimplente(t.db, tid, { studentName: "ana devedora", guardian: "Outra Pessoa" });
  for (const n of ["Bruno Devedor", "Caio Rematriculado", "Dora Liberada", "Elias Expirado", "Gil Inativo",
    "Ninguém Com Este Nome", "Outro Sem Aluno"]) await makeInadimplente(t.db, tid, { studentName: n });
  await makeInadimplente(t.db, tid, { studentName: "Fábio em Dia", active: false });
  await t.db.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind, at) values
    (${tid}, ${devedor}, 'blocked', now()), (${tid}, ${devedor}, 'blocked', now() - interval '3 days'),
    (${tid}, ${devedor}, 'would_block', now()), (${tid}, ${devedor}, 'would_block', now() - interval '2 days'),
    (${tid}, ${devedor}, 'would_block', now() - interval '20 days')`);
  const other = await makeTenant(t.db, "Outra Escola");
  const alheio = await makeAluno(t.db, other, { nome: "Bruno Devedor" });
  await makeInadimplente(t.db, other, { studentName: "Bruno Devedor" });
  await makeInadimplente(t.db, other, { studentName: "Sem Aluno Alheio" });
  await makeLiberacao(t.db, other, alheio, { validFor: "5 days" });
  await t.db.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind) values (${other}, ${alheio}, 'blocked')`);
});
afterAll(async () => { await t?.close(); });

const today = sql`((now() at time zone 'America/Sao_Paulo')::date)::timestamp at time zone 'America/Sao_Paulo'`;

/** The same figures, straight from the tables as the owner (no RLS, no check function). */
async function direct(enabled: boolean, requireGuardian: boolean) {
  const [row] = await q<Record<string, number>>(t.db, sql`select
    (select count(*)::int from alunos a where a.tenant_id = ${tid} and a.status = 'ativo' and ${enabled}
      and not exists (select 1 from rematriculas r where r.tenant_id = a.tenant_id and r.aluno_id = a.id and r.status = 'concluida')
      and not exists (select 1 from liberacoes l where l.tenant_id = a.tenant_id and l.aluno_id = a.id
                        and l.revoked_at is null and l.valid_until > now())
      and exists (select 1 from inadimplentes i where i.tenant_id = a.tenant_id and i.is_active
                    and i.student_name_norm = a.nome_norm
                    and (not ${requireGuardian} or a.responsavel_nome_norm is null
                         or i.guardian1_name_norm = a.responsavel_nome_norm))) as bloqueados,
    (select count(*)::int from rematricula_events where tenant_id = ${tid} and kind = 'blocked' and at >= ${today}) as "recusadasHoje",
    (select count(*)::int from rematricula_events where tenant_id = ${tid} and kind = 'blocked' and at >= ${today} - interval '6 days') as "recusadasPeriodo",
    (select count(*)::int from rematricula_events where tenant_id = ${tid} and kind = 'would_block' and at >= ${today}) as "seriamHoje",
    (select count(*)::int from rematricula_events where tenant_id = ${tid} and kind = 'would_block' and at >= ${today} - interval '6 days') as "seriamPeriodo",
    (select count(*)::int from liberacoes where tenant_id = ${tid} and revoked_at is null and valid_until > now()) as "liberacoesVigentes",
    (select count(*)::int from inadimplentes where tenant_id = ${tid} and is_active) as "linhasAtivas",
    (select count(*)::int from inadimplentes i where i.tenant_id = ${tid} and i.is_active and not exists (
      select 1 from alunos a where a.tenant_id = i.tenant_id and a.nome_norm = i.student_name_norm
        and (not ${requireGuardian} or a.responsavel_nome_norm is null
             or i.guardian1_name_norm = a.responsavel_nome_norm))) as "linhasSemAluno"`);
  return row;
}

const COMBINATIONS = [
  { enabled: false, enforcement: false, stage: "desligado" },
  { enabled: false, enforcement: true, stage: "desligado" },
  { enabled: true, enforcement: false, stage: "dia1" },
  { enabled: true, enforcement: true, stage: "dia2" },
] as const;

describe("the rollout panel", () => {
  test.each(COMBINATIONS)("check $enabled, server enforcement $enforcement → $stage, numbers as direct SQL", async (c) => {
    await setFlag(t.db, tid, "rematricula.inadimplencia.enabled", c.enabled);
    await setFlag(t.db, tid, "rematricula.inadimplencia.enforcement.server_enabled", c.enforcement);
    const panel = await rolloutPanel(admin);
    expect(panel.stage).toBe(c.stage);
    expect(panel.flags).toMatchObject({ enabled: c.enabled, enforcementServerEnabled: c.enforcement });
    expect(panel.numbers).toEqual(await direct(c.enabled, false));
    // Hand-counted, so a wrong direct query cannot hide a wrong panel: Ana,
    // Bruno and Elias (expired liberação) are blocked when the check is on;
    // Caio is done, Dora released, Gil not active.
    expect(panel.numbers).toMatchObject({
      bloqueados: c.enabled ? 3 : 0, recusadasHoje: 1, recusadasPeriodo: 2, seriamHoje: 1, seriamPeriodo: 2,
      liberacoesVigentes: 1, linhasAtivas: 8, linhasSemAluno: 2,
    });
  });

  test("the match rules count too: with the same guardian required, Ana's row matches nobody and she is not blocked", async () => {
    await setFlag(t.db, tid, "rematricula.inadimplencia.enabled", true);
    await setFlag(t.db, tid, "rematricula.inadimplencia.match.require_guardian", true);
    try {
      const panel = await rolloutPanel(admin);
      expect(panel.numbers).toEqual(await direct(true, true));
      expect(panel.numbers).toMatchObject({ bloqueados: 2, linhasSemAluno: 3 });
    } finally {
      await setFlag(t.db, tid, "rematricula.inadimplencia.match.require_guardian", false);
    }
  });

  test.each(["financeiro", "coordenador", "secretaria"] as const)("a %s is refused", async (role) => {
    const other = await makeStaff(t.db, tid, [role]);
    await expect(rolloutPanel(other)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { ANONYMISED, restoreInadimplente, softDeleteInadimplente, updateInadimplente } from "@/lib/inadimplencia/admin";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { undoImport } from "@/lib/inadimplencia/import/undo";
import { exportInadimplentes } from "@/lib/inadimplencia/list";
import { DEFAULT_LIST_QUERY } from "@/lib/inadimplencia/list-query";
import { ANONYMISED_BATCH } from "@/lib/import/undo";
import { undoRoster } from "@/lib/people/roster/undo";
import { anonymizeStudent } from "@/lib/privacy/anonymize";
import { exportCampaignCsv } from "@/lib/rematricula/campaign-export";
import { EMPTY_QUERY } from "@/lib/rematricula/campaign-query";
import { cancelRematricula } from "@/lib/rematricula/cancel";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeRematricula } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { loadedFile, row } from "../import/support";
import { makeSchool } from "../inadimplencia/support";
import { commit, csvFile, HEADER } from "../roster/support";
import { backdateListRow } from "./support";

// The places the first privacy work left open (issue 21): each test here
// names a way personal data used to survive or come back.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); }, 120_000);
afterAll(async () => { await t?.close(); });

const school = () => makeSchool(t.db, {}, ["admin", "financeiro", "secretaria"]);

/** One forced purge as of now; the run's id. */
async function purge(): Promise<number> {
  const [r] = await q<{ run: number }>(t.db, sql`select privacy_purge_at(now(), true) as run`);
  return Number(r.run);
}

async function runCount(run: number, tenantId: string, kind: string): Promise<number | undefined> {
  const [c] = await q<{ rows: number }>(t.db, sql`select rows from privacy_run_counts
    where run_id = ${run} and tenant_id = ${tenantId} and kind = ${kind}`);
  return c?.rows;
}

const listRow = async (id: string) =>
  (await q<Record<string, unknown>>(t.db, sql`select student_name, guardian1_name, codigo_inadim, is_active, anonymized_at
    from inadimplentes where id = ${id}`))[0];

describe("undoing an import after anonymisation", () => {
  test("the list's undo is refused, naming the anonymised rows, and nothing comes back", async () => {
    const s = await school();
    const aluno = await makeAluno(t.db, s.tenantId, { nome: "Rui Antigo", status: "inativo" });
    const rui = await makeInadimplente(t.db, s.tenantId, { studentName: "Rui Antigo", codigo: "R-1" });
    // The batch takes Rui off the list; later the family asks for anonymisation.
    const report = await commitLoaded(s, loadedFile([row(2, "Outra Pessoa")]), "replace");
    expect(report.counts).toMatchObject({ deactivated: 1 });
    await anonymizeStudent(s, aluno);
    const masked = await listRow(rui);
    expect(masked).toMatchObject({ is_active: false, codigo_inadim: null });

    const err = await undoImport(s, report.batchId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect((err as Error).message).toContain("anonimizado");
    expect((err as Error).message).toContain(masked.student_name as string);
    expect(await listRow(rui)).toEqual(masked);
    const [batch] = await q<{ undone: boolean }>(t.db, sql`select undone_at is not null as undone from import_batches
      where id = ${report.batchId}`);
    expect(batch.undone).toBe(false);
  });

  test("the roster's undo is refused for a student anonymised since", async () => {
    const s = await school();
    await commit(s, csvFile([HEADER, "000201;Lia Mota;05/03/2015;529.982.247-25;Rosa Mota;(11) 98888-0001;;5º ano;5A;2026;Ativo",
      "000202;Téo Reis;05/03/2015;;;;;5º ano;5A;2026;Ativo"]));
    // The second file leaves Lia out: she becomes inactive, and is then anonymised.
    const second = await commit(s, csvFile([HEADER, "000202;Téo Reis;05/03/2015;;;;;5º ano;5A;2026;Ativo"]), { mode: "replace" });
    const [lia] = await q<{ id: string }>(t.db, sql`select id from alunos where tenant_id = ${s.tenantId} and nome = 'Lia Mota'`);
    await anonymizeStudent(s, lia.id);
    const before = await q(t.db, sql`select nome, status, cpf from alunos where id = ${lia.id}`);

    const err = await undoRoster(s, second.batchId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect((err as Error).message).toMatch(/anonimizado .*Anonimizado [0-9a-f]{8}/);
    expect(await q(t.db, sql`select nome, status, cpf from alunos where id = ${lia.id}`)).toEqual(before);
  });
});

describe("an anonymised list row", () => {
  test("cannot be restored nor given names again: the database refuses, the app says why", async () => {
    const s = await school();
    const id = await makeInadimplente(t.db, s.tenantId, { studentName: "Vera Paga", guardian: "Resp Vera", codigo: "V-1" });
    await softDeleteInadimplente(s, id, "Pago");
    await backdateListRow(t.db, id, 30);
    await purge();
    const masked = await listRow(id);
    expect(masked.anonymized_at).not.toBeNull();

    await expect(restoreInadimplente(s, id)).rejects.toMatchObject({ code: "CONFLICT", message: ANONYMISED });
    await expect(updateInadimplente(s, id, { codigoInadim: "V-1", studentName: "Vera Paga", guardian1Name: "Resp Vera",
      studentEscola: null, mesesInadim: 3 })).rejects.toMatchObject({ code: "CONFLICT", message: ANONYMISED });
    // Whatever the code: the app role cannot reactivate it.
    const refused = await withTenant(s, (tx) => tx.execute(sql`update inadimplentes set is_active = true where id = ${id}`))
      .catch((e: unknown) => e);
    expect(pgCode(refused)).toBe("RM005");
    expect(await listRow(id)).toEqual(masked);
  });
});

describe("cancellation reasons", () => {
  async function cancelled(s: TenantSession, nome: string, reason: string): Promise<{ aluno: string; remat: string }> {
    const aluno = await makeAluno(t.db, s.tenantId, { nome, status: "inativo" });
    const [y] = await q<{ ano: number }>(t.db, sql`select (value #>> '{}')::int + 1 as ano from system_config
      where tenant_id = ${s.tenantId} and key = 'escola.ano_letivo'`);
    const remat = await makeRematricula(t.db, s.tenantId, aluno, Number(y.ano));
    await cancelRematricula(s, aluno, reason);
    return { aluno, remat };
  }
  const reasonOf = async (id: string) =>
    (await q<{ cancel_reason: string }>(t.db, sql`select cancel_reason from rematriculas where id = ${id}`))[0].cancel_reason;

  test("a family's anonymisation masks them; the app role still cannot rewrite one", async () => {
    const s = await school();
    const c = await cancelled(s, "Nina Saiu", "Família de Nina mudou para Curitiba");
    expect(await reasonOf(c.remat)).toBe("Família de Nina mudou para Curitiba");
    // The app role, even claiming to be the purge, keeps the reason as written.
    await withTenant(s, async (tx) => {
      await tx.execute(sql`select set_config('app.privacy_purge', 'on', true)`);
      await tx.execute(sql`update rematriculas set cancel_reason = 'Anonimizado' where id = ${c.remat}`);
    });
    expect(await reasonOf(c.remat)).toBe("Família de Nina mudou para Curitiba");

    await anonymizeStudent(s, c.aluno);
    expect(await reasonOf(c.remat)).toBe("Anonimizado");
    // No trail holds the reason elsewhere.
    const trails = await q(t.db, sql`select 1 from audit_log where before::text like '%Curitiba%' or after::text like '%Curitiba%'`);
    expect(trails).toEqual([]);
  });

  test("the purge masks those older than the events' period, and counts them", async () => {
    const s = await school();
    const old = await cancelled(s, "Otto Velho", "Otto foi para outra escola");
    const recent = await cancelled(s, "Rita Nova", "Rita vai estudar fora");
    // The owner dates the cancellation (no request's user: the trigger takes it as written).
    await t.db.execute(sql`update rematriculas set cancelled_at = now() - interval '25 months' where id = ${old.remat}`);
    const run = await purge();
    expect(await reasonOf(old.remat)).toBe("Anonimizado");
    expect(await reasonOf(recent.remat)).toBe("Rita vai estudar fora");
    expect(await runCount(run, s.tenantId, "cancelamentos")).toBe(1);
    expect(await runCount(await purge(), s.tenantId, "cancelamentos")).toBe(0);
  });
});

describe("the roster import's copies", () => {
  test("an import past its period loses the copies' personal fields, keeps them counted, and can no longer be undone", async () => {
    const s = await school();
    const r = await commit(s, csvFile([HEADER, "000301;Gil Prado;05/03/2015;529.982.247-25;Rosa Prado;(11) 98888-0001;;5º ano;5A;2026;Ativo"]));
    const recent = await commit(s, csvFile([HEADER, "000302;Ivo Neto;05/03/2015;;Ana Neto;;;5º ano;5A;2026;Ativo"]));
    await t.db.execute(sql`update import_batches set created_at = now() - interval '13 months' where id = ${r.batchId}`);
    const copies = async (batch: string) =>
      q<{ aluno_id: string; before: unknown; after: Record<string, unknown> }>(t.db, sql`select aluno_id, before, after
        from import_batch_alunos where batch_id = ${batch} order by aluno_id`);
    const recentBefore = await copies(recent.batchId);
    const run = await purge();

    const purged = await copies(r.batchId);
    expect(purged).toHaveLength(1);
    expect(JSON.stringify(purged)).not.toMatch(/Gil|Prado|52998224725|000301|98888/);
    expect(purged[0].after).toMatchObject({ nome: `Anonimizado ${purged[0].aluno_id.slice(0, 8)}`, cpf: null, serie: "5º ano", status: "ativo" });
    expect(await copies(recent.batchId)).toEqual(recentBefore);
    expect(await runCount(run, s.tenantId, "importacoes")).toBe(1);
    // The student themself is not the copy: still there, still named.
    expect(await q(t.db, sql`select nome from alunos where id = ${purged[0].aluno_id}`)).toEqual([{ nome: "Gil Prado" }]);
    await expect(undoRoster(s, r.batchId)).rejects.toMatchObject({ code: "CONFLICT", message: ANONYMISED_BATCH });
  });
});

describe("sessions", () => {
  test("the purge deletes sessions expired more than 30 days ago and records how many", async () => {
    const s = await school();
    await t.db.execute(sql`insert into user_sessions (user_id, created_at, expires_at) values
      (${s.userId}, now() - interval '80 days', now() - interval '50 days'),
      (${s.userId}, now() - interval '40 days', now() - interval '10 days'),
      (${s.userId}, now(), now() + interval '30 days')`);
    const run = await purge();
    const left = await q<{ expired: boolean }>(t.db, sql`select expires_at < now() as expired from user_sessions
      where user_id = ${s.userId} order by expires_at`);
    expect(left).toEqual([{ expired: true }, { expired: false }]);
    const [r] = await q<{ user_sessions: number }>(t.db, sql`select user_sessions from privacy_runs where id = ${run}`);
    expect(r.user_sessions).toBe(1);
  });
});

describe("the export log", () => {
  test("keeps that a name was searched, never the name", async () => {
    const s = await school();
    await makeInadimplente(t.db, s.tenantId, { studentName: "Zeca Devedor", codigo: "Z-1" });
    await exportInadimplentes(s, { ...DEFAULT_LIST_QUERY, q: "Zeca" });
    await exportCampaignCsv(s, { ...EMPTY_QUERY, q: "Zeca" });
    await exportInadimplentes(s, { ...DEFAULT_LIST_QUERY });
    const logs = await q<{ kind: string; filters: Record<string, unknown> }>(t.db, sql`select kind, filters from export_log
      where tenant_id = ${s.tenantId} order by id`);
    expect(logs.map((l) => [l.kind, l.filters.q])).toEqual([["inadimplentes", "informada"], ["rematricula", "informada"], ["inadimplentes", ""]]);
    expect(logs[0].filters).toMatchObject({ status: "active", sort: "student_name" });
    expect(JSON.stringify(logs)).not.toContain("Zeca");
  });

  test("the rule the migration applied to the rows already logged", async () => {
    const [r] = await q<{ f: unknown; none: unknown }>(t.db, sql`select
      export_filters_without_names('{"q": "Maria Souza", "status": "all"}') as f, export_filters_without_names('{"q": ""}') as none`);
    expect(r).toEqual({ f: { q: "informada", status: "all" }, none: { q: "" } });
  });
});

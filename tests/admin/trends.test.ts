import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { undoImport } from "@/lib/inadimplencia/import/undo";
import { sha256Hex } from "@/lib/inadimplencia/import/load-file";
import { listTrends, trendsCsv, TREND_WEEKS, type TrendWeek } from "@/lib/inadimplencia/trends";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeLiberacao, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
let fin: TenantSession;

/** Moves what the real triggers just wrote `weeks` weeks into the past (the trails are append-only: lifted for the test only). */
async function backdate(table: "inadimplentes_audit" | "audit_log", trigger: string, sinceId: number, weeks: number) {
  await t.db.execute(sql.raw(`alter table ${table} disable trigger ${trigger}`));
  await t.db.execute(sql`update ${sql.raw(table)} set at = at - ${`${weeks * 7} days`}::interval
    where tenant_id = ${fin.tenantId} and id > ${sinceId}`);
  await t.db.execute(sql.raw(`alter table ${table} enable trigger ${trigger}`));
}

async function lastId(table: "inadimplentes_audit" | "audit_log"): Promise<number> {
  const [r] = await q<{ id: number }>(t.db, sql`select coalesce(max(id), 0)::int as id from ${sql.raw(table)}`);
  return r.id;
}

/** Runs a step of the school's history through the app, then dates its audit rows `weeks` weeks ago. */
async function weeksAgo(weeks: number, step: () => Promise<unknown>) {
  const since = await lastId("inadimplentes_audit");
  await step();
  if (weeks > 0) await backdate("inadimplentes_audit", "inadimplentes_audit_append_only", since, weeks);
}

const asFinance = (query: ReturnType<typeof sql>) => withTenant(fin, (tx) => tx.execute(query));
const idOf = async (name: string) => (await q<{ id: string }>(t.db, sql`select id from inadimplentes
  where tenant_id = ${fin.tenantId} and student_name = ${name} order by created_at desc limit 1`))[0].id;

async function importFile(text: string) {
  const bytes = new TextEncoder().encode(text);
  const r = await commitImport(fin, { name: "lista.csv", bytes }, { mode: "upsert", expectedSha256: sha256Hex(bytes) });
  if (!r.ok) throw new Error(r.error);
  return r.batchId;
}

/** The week `n` weeks before the current one, in the series (the last entry is the current week). */
const ago = (weeks: TrendWeek[], n: number) => weeks[weeks.length - 1 - n];

beforeAll(async () => {
  t = await createTestDb();
  fin = await makeSchool(t.db, {}, ["financeiro"]);
  const centro = await makeAluno(t.db, fin.tenantId, { nome: "Aluno do Centro", unidade: "Centro" });
  const norte = await makeAluno(t.db, fin.tenantId, { nome: "Aluno do Norte", unidade: "Norte" });
  const row = (name: string, escola: string, meses: number) => asFinance(sql`insert into inadimplentes
    (tenant_id, student_name, student_escola, meses_inadim) values (app_tenant(), ${name}, ${escola}, ${meses})`);

  // Before the window: F, Centro, 2 months. It is the baseline the series starts from.
  await weeksAgo(60, () => row("Fernanda Antiga", "Centro", 2));
  await weeksAgo(10, async () => {
    await row("Ana Alves", "Centro", 3);
    await row("Bruno Borges", "NORTE ", 2);
    await row("Carla Costa", "centro", 5);
  });
  await weeksAgo(6, async () => {
    await asFinance(sql`update inadimplentes set is_active = false, deleted_at = now(), deleted_reason = 'Pago'
      where student_name = 'Bruno Borges'`);
    await asFinance(sql`update inadimplentes set meses_inadim = 7 where student_name = 'Carla Costa'`);
  });
  let batch = "";
  await weeksAgo(3, async () => {
    batch = await importFile("student_name;student_escola;meses_inadim\r\nDaniel Dias;Centro;4\r\nElisa Esteves;Norte;1\r\nAna Alves;Centro;6\r\n");
  });
  await weeksAgo(1, () => undoImport(fin, batch));
  // This week: Bruno is back on the list.
  await asFinance(sql`update inadimplentes set is_active = true, deleted_at = null, deleted_reason = null
    where id = ${await idOf("Bruno Borges")}`);

  // Refused attempts (two six weeks ago, one this week) and one liberação three weeks ago.
  await t.db.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind, at) values
    (${fin.tenantId}, ${centro}, 'blocked', now() - interval '42 days'),
    (${fin.tenantId}, ${norte}, 'blocked', now() - interval '42 days'),
    (${fin.tenantId}, ${norte}, 'would_block', now() - interval '42 days'),
    (${fin.tenantId}, ${centro}, 'blocked', now()),
    (${fin.tenantId}, ${centro}, 'blocked', now() - interval '400 days')`);
  const since = await lastId("audit_log");
  await makeLiberacao(t.db, fin.tenantId, norte, { validFor: "30 days" });
  await backdate("audit_log", "audit_log_append_only", since, 3);
});
afterAll(async () => { await t?.close(); });

describe("weekly trends rebuilt from the audit history", () => {
  test("the whole school, week by week", async () => {
    const { weeks, unidade, unidades } = await listTrends(fin);
    expect(unidade).toBe("");
    expect(unidades).toEqual(["Centro", "Norte"]);
    expect(weeks).toHaveLength(TREND_WEEKS);
    const pick = (w: TrendWeek) => [w.ativos, w.incluidos, w.removidos, w.meses, w.bloqueios, w.liberacoes];
    expect(pick(weeks[0])).toEqual([1, 0, 0, 2, 0, 0]);
    expect(pick(ago(weeks, 11))).toEqual([1, 0, 0, 2, 0, 0]);
    expect(pick(ago(weeks, 10))).toEqual([4, 3, 0, 12, 0, 0]);
    expect(pick(ago(weeks, 6))).toEqual([3, 0, 1, 12, 2, 0]);
    expect(pick(ago(weeks, 3))).toEqual([5, 2, 0, 20, 0, 1]);
    expect(pick(ago(weeks, 2))).toEqual([5, 0, 0, 20, 0, 0]);
    // The import undone: its two new rows leave, Ana's months go back to 3.
    expect(pick(ago(weeks, 1))).toEqual([3, 0, 2, 12, 0, 0]);
    expect(pick(ago(weeks, 0))).toEqual([4, 1, 0, 14, 1, 0]);
  });

  test("each week's active rows equal the rows whose latest audited state by then was active", async () => {
    const { weeks } = await listTrends(fin);
    const direct = await q<{ week: string; n: number }>(t.db, sql`
      select w.week::text as week, count(s.inadimplente_id)::int as n
      from (select generate_series(date_trunc('week', now() at time zone 'America/Sao_Paulo') - interval '51 weeks',
              date_trunc('week', now() at time zone 'America/Sao_Paulo'), interval '1 week')::date as week) w
      left join lateral (
        select distinct on (a.inadimplente_id) a.inadimplente_id, (a.after ->> 'is_active')::boolean as active
        from inadimplentes_audit a
        where a.tenant_id = ${fin.tenantId}
          and a.at < (w.week + 7)::timestamp at time zone 'America/Sao_Paulo'
        order by a.inadimplente_id, a.at desc, a.id desc) s on s.active
      group by w.week order by w.week`);
    expect(weeks.map((w) => [w.week, w.ativos])).toEqual(direct.map((d) => [d.week, d.n]));
  });

  test("one unidade: rows by the list's school (normalised), attempts and liberações by the student's unidade", async () => {
    const centro = await listTrends(fin, "Centro");
    expect(centro.unidade).toBe("Centro");
    const pick = (w: TrendWeek) => [w.ativos, w.incluidos, w.removidos, w.meses, w.bloqueios, w.liberacoes];
    expect(pick(centro.weeks[0])).toEqual([1, 0, 0, 2, 0, 0]);
    expect(pick(ago(centro.weeks, 10))).toEqual([3, 2, 0, 10, 0, 0]);
    expect(pick(ago(centro.weeks, 6))).toEqual([3, 0, 0, 12, 1, 0]);
    expect(pick(ago(centro.weeks, 3))).toEqual([4, 1, 0, 19, 0, 0]);
    expect(pick(ago(centro.weeks, 1))).toEqual([3, 0, 1, 12, 0, 0]);
    expect(pick(ago(centro.weeks, 0))).toEqual([3, 0, 0, 12, 1, 0]);
    const norte = await listTrends(fin, "Norte");
    expect(pick(ago(norte.weeks, 3))).toEqual([1, 1, 0, 1, 0, 1]);
    expect(pick(ago(norte.weeks, 0))).toEqual([1, 1, 0, 2, 0, 0]);
  });

  test("the CSV holds the table: a header, one line per week, the scope first", async () => {
    const trends = await listTrends(fin, "Norte");
    const lines = trendsCsv(trends).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("unidade;semana;Registros ativos;Incluídos;Removidos;Meses em atraso (soma);Tentativas bloqueadas;Liberações concedidas");
    expect(lines).toHaveLength(TREND_WEEKS + 1);
    const w = ago(trends.weeks, 3);
    expect(lines).toContain(`Norte;${w.week};1;1;0;1;0;1`);
  });

  test("an unknown or hostile unidade shows the whole school", async () => {
    const whole = await listTrends(fin);
    for (const bad of ["Sul", "'; drop table alunos; --", "\0", "x".repeat(10_000)]) {
      expect(await listTrends(fin, bad)).toEqual(whole);
    }
  });

  test("another school's history never counts, and a secretaria is refused", async () => {
    const other = await makeSchool(t.db, {}, ["financeiro"]);
    const { weeks } = await listTrends(other);
    expect(weeks.every((w) => w.ativos + w.incluidos + w.removidos + w.meses + w.bloqueios + w.liberacoes === 0)).toBe(true);
    const sec = await makeStaff(t.db, fin.tenantId, ["secretaria"]);
    await expect(listTrends(sec)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

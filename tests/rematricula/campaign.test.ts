import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { listCampaign } from "@/lib/rematricula/campaign";
import { EMPTY_QUERY, parseCampaignQuery, SITUACOES, type CampaignQuery, type SituacaoFilter } from "@/lib/rematricula/campaign-query";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { workStatementsOf } from "../inadimplencia/query-log";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
let s: TenantSession;
const UNIDADES = ["Centro", "Norte"];
const SERIES_USED = ["5º ano", "9º ano", "1ª série EM"];
const STATUSES = ["ativo", "ativo", "ativo", "ativo", "transferido", "inativo", "concluinte"];

// A school with every kind of student: per unidade, série and turma, some
// delinquent, some re-enrolled, some cancelled, some not ativo.
beforeAll(async () => {
  t = await createTestDb();
  s = await makeSchool(t.db);
  const coord = await makeStaff(t.db, s.tenantId, ["coordenador"]);
  for (let i = 0; i < 63; i++) {
    const nome = `Aluno Campanha ${String(i).padStart(2, "0")}`;
    const status = STATUSES[i % STATUSES.length];
    const id = await makeAluno(t.db, s.tenantId, {
      nome, unidade: UNIDADES[i % 2], serie: SERIES_USED[i % 3], turma: i % 4 < 2 ? "A" : "B", status,
    });
    if (i % 5 === 0) await makeInadimplente(t.db, s.tenantId, { studentName: nome });
    if (status === "ativo" && i % 5 !== 0 && i % 3 === 1) await finalizeRematricula(s, id);
    if (status === "ativo" && i % 5 !== 0 && i % 9 === 1) {
      await t.db.execute(sql`update rematriculas set status = 'cancelada', cancelled_by = ${coord.userId}, cancelled_at = now(),
        cancel_reason = 'teste' where aluno_id = ${id}`);
    }
  }
  // Re-enrolled, then put on the list: still done (finished work is not re-checked).
  const done = await makeAluno(t.db, s.tenantId, { nome: "Aluno Campanha Pago Depois", unidade: "Centro", serie: "5º ano" });
  await finalizeRematricula(s, done);
  await makeInadimplente(t.db, s.tenantId, { studentName: "Aluno Campanha Pago Depois" });
  const other = await makeSchool(t.db);
  await makeAluno(t.db, other.tenantId, { nome: "Aluno Campanha de Outra Escola", unidade: "Centro", serie: "5º ano" });
});
afterAll(async () => { await t?.close(); });

/** The oracle: the same counts written straight in SQL, as the owner, from the tables themselves. */
async function direct(query: CampaignQuery) {
  const parts: SQL[] = [sql`a.tenant_id = ${s.tenantId}`];
  if (query.unidade) parts.push(sql`a.unidade = ${query.unidade}`);
  if (query.serie) parts.push(sql`a.serie = ${query.serie}`);
  if (query.turma) parts.push(sql`a.turma = ${query.turma}`);
  const rows = await q<{ id: string; situacao: string; cancelada: boolean }>(t.db, sql`
    select a.id, case
        when r.status = 'concluida' then 'rematriculado'
        when a.status <> 'ativo' then 'indisponivel'
        when exists (select 1 from inadimplentes i where i.tenant_id = a.tenant_id and i.is_active
          and i.student_name_norm = a.nome_norm) then 'bloqueado'
        else 'pendente' end as situacao,
      coalesce(r.status = 'cancelada', false) as cancelada
    from alunos a left join rematriculas r on r.aluno_id = a.id and r.ano_letivo = 2027
    where ${sql.join(parts, sql` and `)} order by a.nome`);
  const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
  const matches = (r: (typeof rows)[number], sit: SituacaoFilter) =>
    sit === "todos" || (sit === "cancelado" ? r.cancelada : r.situacao === sit);
  return {
    counts: {
      total: rows.length,
      pendente: count((r) => r.situacao === "pendente"),
      rematriculado: count((r) => r.situacao === "rematriculado"),
      bloqueado: count((r) => r.situacao === "bloqueado"),
      indisponivel: count((r) => r.situacao === "indisponivel"),
      cancelado: count((r) => r.cancelada),
    },
    ids: rows.filter((r) => matches(r, query.situacao)).map((r) => r.id),
  };
}

/** Every row of a filter, page by page. */
async function allPages(query: CampaignQuery) {
  const first = await listCampaign(s, query, 10);
  const rest = [];
  for (let page = 2; page <= first.pageCount; page++) rest.push(await listCampaign(s, { ...query, page }, 10));
  return { first, ids: [first, ...rest].flatMap((p) => p.rows.map((r) => r.id)) };
}

const combos: CampaignQuery[] = [];
for (const unidade of ["", ...UNIDADES]) {
  for (const serie of ["", "5º ano", "9º ano"]) {
    for (const situacao of ["todos", ...SITUACOES] as SituacaoFilter[]) combos.push({ ...EMPTY_QUERY, unidade, serie, situacao });
  }
}
combos.push({ ...EMPTY_QUERY, turma: "B", situacao: "pendente" }, { ...EMPTY_QUERY, unidade: "Norte", turma: "A" });

describe("filters and counts agree with a direct count in SQL", () => {
  test.each(combos.map((c) => [JSON.stringify(c), c] as const))("%s", async (_name, query) => {
    const expected = await direct(query);
    const { first, ids } = await allPages(query);
    expect(first.counts).toEqual(expected.counts);
    expect(first.total).toBe(expected.ids.length);
    expect(ids).toEqual(expected.ids);
  });

  test("the school has every situação (the oracle is not trivially empty)", async () => {
    const { counts } = await direct(EMPTY_QUERY);
    expect(counts.total).toBe(64);
    for (const k of ["pendente", "rematriculado", "bloqueado", "indisponivel", "cancelado"] as const) expect(counts[k]).toBeGreaterThan(0);
  });

  test("rows carry the situação, and a cancelled one is pending again", async () => {
    const page = await listCampaign(s, { ...EMPTY_QUERY, situacao: "cancelado" }, 100);
    expect(page.rows.length).toBeGreaterThan(0);
    for (const r of page.rows) expect([r.cancelada, r.situacao === "pendente" || r.situacao === "bloqueado"]).toEqual([true, true]);
    const done = (await listCampaign(s, { ...EMPTY_QUERY, q: "pago depois" })).rows;
    expect(done.map((r) => r.situacao)).toEqual(["rematriculado"]);
  });
});

describe("bad input gets the normal page", () => {
  test("unknown unidade, série or turma fall back to all", async () => {
    const page = await listCampaign(s, { ...EMPTY_QUERY, unidade: "Sul", serie: "12º ano", turma: "Z" });
    expect(page.query).toMatchObject({ unidade: "", serie: "", turma: "" });
    expect(page.counts.total).toBe(64);
  });

  test("a huge page number shows the last page", async () => {
    const page = await listCampaign(s, parseCampaignQuery({ page: "99999999999999999999" }), 10);
    expect([page.page, page.pageCount, page.rows.length]).toEqual([7, 7, 4]);
  });

  test.each([["NUL", "Aluno\0Campanha 01"], ["10 000 characters", "a".repeat(10_000)], ["%", "%"], ["_", "_"], ["quote", "' or 1=1 --"]])(
    "a search with %s answers without an error", async (_name, raw) => {
      const page = await listCampaign(s, parseCampaignQuery({ q: raw }));
      expect(page.counts.total).toBeLessThanOrEqual(64);
    });

  test("wildcards match only themselves", async () => {
    expect((await listCampaign(s, parseCampaignQuery({ q: "%" }))).counts.total).toBe(0);
    expect((await listCampaign(s, parseCampaignQuery({ q: "Campanha_0" }))).counts.total).toBe(0);
  });

  test("a finance-only session is refused", async () => {
    const financeiro = await makeStaff(t.db, s.tenantId, ["financeiro"]);
    await expect(listCampaign(financeiro, EMPTY_QUERY)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

test("the whole filter costs two statements: the options, then the check, counts and page in one", async () => {
  const { result: page, work } = await workStatementsOf(t, () => listCampaign(s, { ...EMPTY_QUERY, situacao: "bloqueado" }));
  expect(page.rows.length).toBeGreaterThan(0);
  expect(work).toHaveLength(2);
  expect(work[1]).toMatch(/check_inadimplencia/);
});

// Migration 0033: the options walk the school's (série, turma) pairs in an
// index instead of grouping every student; a missing série or turma must
// neither stop the walk nor hide the pairs after it.
test("the filters offer each série and turma of the school, also beside a missing one, and nothing of another school", async () => {
  const own = await makeSchool(t.db);
  const other = await makeSchool(t.db);
  const classes: [string | null, string | null][] = [
    ["5º ano", "A"], ["5º ano", "A"], ["5º ano", null], ["1ª série EM", "B"], ["", "B"], [null, "C"], ["9º ano", ""],
    ["2º ano", "A"], ["Maternal", null], ["8º ano", "E"],
  ];
  for (const [i, [serie, turma]] of classes.entries()) await makeAluno(t.db, own.tenantId, { nome: `Aluno Turma ${i}`, serie, turma });
  await makeAluno(t.db, other.tenantId, { nome: "Aluno de Outra Escola", serie: "3º ano", turma: "Z" });
  const [expected] = await q<{ series: string[]; turmas: string[] }>(t.db, sql`
    select array(select distinct serie from alunos where tenant_id = ${own.tenantId} and serie <> '') as series,
      array(select distinct turma from alunos where tenant_id = ${own.tenantId} and turma <> '') as turmas`);
  const { options } = await listCampaign(own, EMPTY_QUERY);
  expect([...options.series].sort()).toEqual([...expected.series].sort());
  expect([...options.turmas].sort()).toEqual([...expected.turmas].sort());
  expect(options.series).toEqual(expect.arrayContaining(["5º ano", "9º ano", "Maternal"]));
  expect(options.turmas).toEqual(expect.arrayContaining(["C", "E"]));
  expect([...options.series, ...options.turmas]).not.toEqual(expect.arrayContaining(["3º ano"]));
  expect(options.turmas).not.toContain("Z");
});

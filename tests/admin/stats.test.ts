import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { inadimplenciaStats, RECENT_MAX } from "@/lib/inadimplencia/stats";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

async function crafted() {
  const fin = await makeSchool(t.db, {}, ["financeiro"]);
  const tid = fin.tenantId;
  // Every bucket edge, a null and a zero; two spellings of one school; one inactive row.
  const months: (number | null)[] = [1, 2, 3, 4, 6, 7, 12, 13, null, 0, 40];
  for (const [i, meses] of months.entries()) {
    await t.db.execute(sql`insert into inadimplentes (tenant_id, student_name, student_escola, meses_inadim)
      values (${tid}, ${`Aluno ${i}`}, ${i % 3 === 0 ? "Unidade Centro" : i % 3 === 1 ? "UNIDADE  CENTRO " : null}, ${meses})`);
  }
  await makeInadimplente(t.db, tid, { studentName: "Inativo", escola: "Norte", meses: 2, active: false });
  const alunoId = await makeAluno(t.db, tid, { nome: "Aluno Eventos" });
  await t.db.execute(sql`insert into rematricula_events (tenant_id, aluno_id, kind, at) values
    (${tid}, ${alunoId}, 'blocked', now()), (${tid}, ${alunoId}, 'blocked', now() - interval '2 days'),
    (${tid}, ${alunoId}, 'would_block', now() - interval '5 days'),
    (${tid}, ${alunoId}, 'blocked', now() - interval '40 days')`);
  return fin;
}

describe("stats figures", () => {
  test("active per school equals a direct count by normalised school", async () => {
    const fin = await crafted();
    const stats = await inadimplenciaStats(fin);
    const direct = await q<{ key: string; n: number }>(t.db, sql`select coalesce(student_escola_norm, '') as key, count(*)::int as n
      from inadimplentes where tenant_id = ${fin.tenantId} and is_active group by 1`);
    expect(stats.bySchool.map((s) => [s.key, s.count]).sort()).toEqual(direct.map((d) => [d.key, d.n]).sort());
    expect(stats.bySchool.find((s) => s.key === "unidade centro")).toMatchObject({ count: 8 });
    expect(stats.bySchool.find((s) => s.key === "unidade centro")?.label).toMatch(/^unidade\s+centro$/i);
    expect(stats.bySchool.some((s) => s.key === "norte")).toBe(false);
  });

  test("months buckets put each edge where it belongs and null/0 under 'sem informação'", async () => {
    const fin = await crafted();
    const { byMonths } = await inadimplenciaStats(fin);
    expect(Object.fromEntries(byMonths.map((b) => [b.bucket, b.count]))).toEqual({
      "1": 1, "2-3": 2, "4-6": 2, "7-12": 2, "13+": 2, none: 2,
    });
    const [direct] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from inadimplentes
      where tenant_id = ${fin.tenantId} and is_active`);
    expect(byMonths.reduce((n, b) => n + b.count, 0)).toBe(direct.n);
  });

  test("attempts of the last 30 days, per day and in total, older ones left out", async () => {
    const fin = await crafted();
    const { attempts } = await inadimplenciaStats(fin);
    expect(attempts.days).toHaveLength(30);
    expect(attempts).toMatchObject({ blocked: 2, wouldBlock: 1 });
    expect(attempts.days.at(-1)).toMatchObject({ blocked: 1, wouldBlock: 0 });
    expect(attempts.days.reduce((n, d) => n + d.blocked + d.wouldBlock, 0)).toBe(3);
  });

  test("recent changes: the latest audit rows with who and what changed", async () => {
    const fin = await crafted();
    const id = await withTenant(fin, async (tx) => {
      const [row] = await q<{ id: string }>(tx, sql`insert into inadimplentes (tenant_id, student_name, meses_inadim)
        values (app_tenant(), 'Bruna Teles', 2) returning id`);
      await tx.execute(sql`update inadimplentes set meses_inadim = 5 where id = ${row.id}`);
      return row.id;
    });
    const { recent } = await inadimplenciaStats(fin);
    expect(recent).toHaveLength(10);
    expect(recent[0]).toMatchObject({ action: "update", actorName: "Equipe Teste", studentName: "Bruna Teles",
      changed: [{ field: "meses_inadim", before: 2, after: 5 }] });
    const [n] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from inadimplentes_audit where inadimplente_id = ${id}`);
    expect(n.n).toBe(2);
  });

  test("the recent changes take a limit, kept between 1 and RECENT_MAX", async () => {
    const fin = await crafted();
    expect((await inadimplenciaStats(fin, 3)).recent).toHaveLength(3);
    expect((await inadimplenciaStats(fin, 0)).recent).toHaveLength(1);
    const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from inadimplentes_audit where tenant_id = ${fin.tenantId}`);
    expect((await inadimplenciaStats(fin, 10_000)).recent).toHaveLength(Math.min(n, RECENT_MAX));
    expect((await inadimplenciaStats(fin, Number.NaN)).recent).toHaveLength(Math.min(n, 10));
  });

  test("another school's rows never count", async () => {
    const fin = await makeSchool(t.db, {}, ["financeiro"]);
    await crafted();
    const stats = await inadimplenciaStats(fin);
    expect(stats.bySchool).toEqual([]);
    expect(stats.attempts).toMatchObject({ blocked: 0, wouldBlock: 0 });
    expect(stats.recent).toEqual([]);
  });

  test("a secretaria is refused", async () => {
    const fin = await crafted();
    const sec = await makeStaff(t.db, fin.tenantId, ["secretaria"]);
    await expect(inadimplenciaStats(sec)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

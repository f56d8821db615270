import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { checkInadimplencia } from "@/lib/inadimplencia/check";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao } from "../helpers/fixtures";
import { openQueryLog, type QueryLog } from "./query-log";
import { CLEAR, makeSchool } from "./support";

let t: TestDb;
let log: QueryLog;
beforeAll(async () => { t = await createTestDb(); log = openQueryLog(t); });
afterAll(async () => { await log?.close(); await t?.close(); });

test("the query log sees every statement sent (so that counting with it means something)", async () => {
  const s = await makeSchool(t.db);
  const sent = await withTenant(s, async (tx) => {
    log.reset();
    await tx.execute(sql`select 1`);
    await tx.execute(sql`select ${2}::int`);
    return log.texts();
  }, log.handle.db);
  expect(sent).toHaveLength(2);
});

test("a page of 50 students is checked in one query, each answer right", async () => {
  const s = await makeSchool(t.db, { requireGuardian: true });
  const expected = new Map<string, object>();
  for (let i = 0; i < 50; i++) {
    const nome = `Aluno Número ${i}`;
    const id = await makeAluno(t.db, s.tenantId, { nome, responsavelNome: `Responsável ${i}` });
    const kind = i % 5;
    if (kind === 0) {
      await makeInadimplente(t.db, s.tenantId, { studentName: nome.toUpperCase(), guardian: `responsavel ${i}`, meses: i + 1, codigo: `C${i}` });
      expected.set(id, { isInadimplente: true, mesesInadim: i + 1, codigoInadim: `C${i}` });
    } else if (kind === 1) {
      // Listed with another guardian: a homonym, not this student.
      await makeInadimplente(t.db, s.tenantId, { studentName: nome, guardian: "Outra Pessoa" });
      expected.set(id, CLEAR);
    } else if (kind === 2) {
      await makeInadimplente(t.db, s.tenantId, { studentName: nome, guardian: `Responsável ${i}`, active: false });
      expected.set(id, CLEAR);
    } else if (kind === 3) {
      await makeInadimplente(t.db, s.tenantId, { studentName: nome, guardian: `Responsável ${i}`, meses: 4, codigo: `L${i}` });
      await makeLiberacao(t.db, s.tenantId, id, { validFor: "30 days" });
      expected.set(id, CLEAR);
    } else {
      expected.set(id, CLEAR);
    }
  }

  const { results, sent } = await withTenant(s, async (tx) => {
    log.reset();
    const results = await checkInadimplencia(tx, [...expected.keys()]);
    return { results, sent: log.texts() };
  }, log.handle.db);

  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/check_inadimplencia/);
  expect(results.size).toBe(50);
  expect(Object.fromEntries(results)).toStrictEqual(Object.fromEntries(expected));
  expect([...results.values()].filter((r) => r.isInadimplente)).toHaveLength(10);
});

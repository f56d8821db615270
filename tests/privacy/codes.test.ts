import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { pgCode } from "@/db/pg-error";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { ANONYMISED, softDeleteInadimplente } from "@/lib/inadimplencia/admin";
import { linkInadimplente } from "@/lib/inadimplencia/link";
import { inadimplenciaStats } from "@/lib/inadimplencia/stats";
import { listTrends } from "@/lib/inadimplencia/trends";
import { anonymizeStudent } from "@/lib/privacy/anonymize";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "../inadimplencia/support";
import { backdateListRow } from "./support";

// A list row's student code (codigo_aluno) and its link to a student (aluno_id,
// migration 0016) tie the fact of a debt to a person: an anonymised row keeps
// neither, in the row or in any snapshot of its trail, and never gets them back.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); }, 120_000);
afterAll(async () => { await t?.close(); });

const school = () => makeSchool(t.db, {}, ["admin", "financeiro"]);

/** A paid list row of a student, linked through the app (so the link is in its trail). */
async function paidLinkedRow(s: TenantSession, nome: string, matricula: string) {
  const aluno = await makeAluno(t.db, s.tenantId, { nome, matricula, unidade: "Centro", status: "inativo" });
  const row = await makeInadimplente(t.db, s.tenantId, { studentName: nome, escola: "Centro", meses: 5, codigoAluno: matricula });
  await linkInadimplente(s, row, aluno);
  await softDeleteInadimplente(s, row, "Pago");
  return { aluno, row };
}

const rowOf = async (id: string) =>
  (await q<{ codigo_aluno: string | null; aluno_id: string | null; anonymized_at: unknown }>(t.db, sql`
    select codigo_aluno, aluno_id, anonymized_at from inadimplentes where id = ${id}`))[0];

const trail = (id: string) =>
  q<{ action: string; before: unknown; after: unknown }>(t.db, sql`select action, before, after from inadimplentes_audit
    where inadimplente_id = ${id} order by id`);

const figures = async (s: TenantSession) => {
  const { bySchool, byMonths, attempts } = await inadimplenciaStats(s);
  return { bySchool, byMonths, attempts, trends: (await listTrends(s)).weeks, unidade: (await listTrends(s, "Centro")).weeks };
};

describe("anonymising a list row clears its student code and its link", () => {
  test("by the purge: the row and every snapshot, with counts and trends unchanged", async () => {
    const s = await school();
    const { aluno, row } = await paidLinkedRow(s, "Olga Vinculada", "000777");
    const kept = await paidLinkedRow(s, "Paulo Recente", "000778");
    await backdateListRow(t.db, row, 30);
    // Before: the link and the code are in the row and in its trail.
    expect(await rowOf(row)).toMatchObject({ codigo_aluno: "000777", aluno_id: aluno });
    expect(JSON.stringify(await trail(row))).toContain(aluno);
    const keptTrail = await trail(kept.row);
    const before = await figures(s);

    await t.db.execute(sql`select privacy_purge_at(now(), true)`);
    expect(await rowOf(row)).toMatchObject({ codigo_aluno: null, aluno_id: null });
    expect((await rowOf(row)).anonymized_at).not.toBeNull();
    const masked = await trail(row);
    expect(masked.map((e) => e.action)).toEqual(["insert", "link", "soft_delete"]);
    expect(JSON.stringify(masked)).not.toMatch(new RegExp(`000777|${aluno}`));
    // The student themself is not the row: still there, the other row untouched.
    expect(await q(t.db, sql`select matricula from alunos where id = ${aluno}`)).toEqual([{ matricula: "000777" }]);
    expect(await rowOf(kept.row)).toMatchObject({ codigo_aluno: "000778", aluno_id: kept.aluno });
    expect(await trail(kept.row)).toEqual(keptTrail);
    expect(await figures(s)).toEqual(before);
  });

  test("by a family's request: the row and every snapshot", async () => {
    const s = await school();
    const { aluno, row } = await paidLinkedRow(s, "Quitéria Pedido", "000779");
    await anonymizeStudent(s, aluno);
    expect(await rowOf(row)).toMatchObject({ codigo_aluno: null, aluno_id: null });
    expect(JSON.stringify(await trail(row))).not.toMatch(new RegExp(`000779|${aluno}`));
  });
});

describe("an anonymised row's code and link", () => {
  test("cannot be written back by the app role; linking it is refused with the reason", async () => {
    const s = await school();
    const { aluno, row } = await paidLinkedRow(s, "Rosa Volta", "000780");
    await anonymizeStudent(s, aluno);
    const other = await makeAluno(t.db, s.tenantId, { nome: "Sara Outra", status: "inativo" });
    for (const set of [sql`aluno_id = ${other}`, sql`codigo_aluno = '000780'`]) {
      const refused = await withTenant(s, (tx) => tx.execute(sql`update inadimplentes set ${set} where id = ${row}`))
        .catch((e: unknown) => e);
      expect(pgCode(refused)).toBe("RM005");
    }
    await expect(linkInadimplente(s, row, other)).rejects.toMatchObject({ code: "CONFLICT", message: ANONYMISED });
    expect(await rowOf(row)).toMatchObject({ codigo_aluno: null, aluno_id: null });
  });
});

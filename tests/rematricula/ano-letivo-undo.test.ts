import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { closeSchoolYear } from "@/lib/rematricula/ano-letivo/close";
import { listYearTurns } from "@/lib/rematricula/ano-letivo/history";
import { previewYearTurn } from "@/lib/rematricula/ano-letivo/preview";
import { undoYearTurn } from "@/lib/rematricula/ano-letivo/undo";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { getAluno, updateAluno } from "@/lib/people/alunos";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff } from "../helpers/fixtures";
import { expectPgError, q } from "../foundation/support";
import { alunosState, endOfCampaign, schoolYearOf, untouched } from "./ano-letivo-support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

describe("undo of a turn", () => {
  test("restores every student and the year exactly; the year can then be closed again", async () => {
    const school = await endOfCampaign(t.db);
    const before = await alunosState(t.db, school.tenantId);
    const kept = await untouched(t.db, school.tenantId);
    const { batchId } = await closeSchoolYear(school.admin, { anoLetivo: 2026, deactivate: true });
    expect(await alunosState(t.db, school.tenantId)).not.toEqual(before);
    expect(await listYearTurns(school.admin)).toMatchObject([{ id: batchId, undoable: true, undoneAt: null }]);

    expect(await undoYearTurn(school.admin, batchId)).toEqual({ restored: 6, fromYear: 2026 });
    expect(await alunosState(t.db, school.tenantId)).toEqual(before);
    expect(await schoolYearOf(t.db, school.tenantId)).toBe(2026);
    expect(await untouched(t.db, school.tenantId)).toEqual(kept);
    expect(await listYearTurns(school.admin)).toMatchObject([{ id: batchId, undoable: false, undoneBy: "Equipe Teste" }]);
    await expect(undoYearTurn(school.admin, batchId)).rejects.toMatchObject({ code: "CONFLICT", message: "Este encerramento já foi desfeito." });

    // The campaign for 2027 is as it was: the finished rematrículas count again.
    expect((await previewYearTurn(school.admin, { deactivate: true })).total).toMatchObject({ promovidos: 2, concluintes: 1 });
    await closeSchoolYear(school.admin, { anoLetivo: 2026, deactivate: true });
    expect(await schoolYearOf(t.db, school.tenantId)).toBe(2027);
  });

  test("refused, naming them, once a student it moved was edited or re-enrolled for the new campaign", async () => {
    const school = await endOfCampaign(t.db);
    const { batchId } = await closeSchoolYear(school.admin, { anoLetivo: 2026, deactivate: false });
    const ana = await getAluno(school.admin, school.ids.promovida);
    await updateAluno(school.admin, ana.id, { ...ana, turma: "C" });
    await finalizeRematricula(school.secretaria, school.ids.semRematricula);
    const state = await alunosState(t.db, school.tenantId);
    const err = await undoYearTurn(school.admin, batchId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT", fields: { rows: "Ana Promovida\nCaio Sem Rematrícula" } });
    expect((err as Error).message).toMatch(/mudaram depois do encerramento.*Ana Promovida, Caio Sem Rematrícula\./);
    expect(await alunosState(t.db, school.tenantId)).toEqual(state);
    expect(await schoolYearOf(t.db, school.tenantId)).toBe(2027);
  });

  test("only the turn that opened the current year can be undone", async () => {
    const school = await endOfCampaign(t.db);
    const first = await closeSchoolYear(school.admin, { anoLetivo: 2026, deactivate: false });
    await closeSchoolYear(school.admin, { anoLetivo: 2027, deactivate: false });
    await expect(undoYearTurn(school.admin, first.batchId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await schoolYearOf(t.db, school.tenantId)).toBe(2028);
    const [ana] = await q<{ ano_letivo: number }>(t.db, sql`select ano_letivo from alunos where id = ${school.ids.promovida}`);
    expect(ana.ano_letivo).toBe(2027); // not re-enrolled for 2028: kept, never moved two years
  });

  test("another school's turn, or a malformed id, is not found", async () => {
    const a = await endOfCampaign(t.db);
    const b = await endOfCampaign(t.db);
    const { batchId } = await closeSchoolYear(b.admin, { anoLetivo: 2026, deactivate: true });
    await expect(undoYearTurn(a.admin, batchId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(undoYearTurn(a.admin, "x' or 1=1--")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await schoolYearOf(t.db, b.tenantId)).toBe(2027);
  });
});

describe("only admins turn the year", () => {
  test("the domain refuses every other role, and nothing changes", async () => {
    const school = await endOfCampaign(t.db);
    const { batchId } = await closeSchoolYear(school.admin, { anoLetivo: 2026, deactivate: true });
    const state = await alunosState(t.db, school.tenantId);
    for (const role of ["secretaria", "coordenador", "financeiro"] as const) {
      const s = await makeStaff(t.db, school.tenantId, [role]);
      await expect(previewYearTurn(s, { deactivate: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(closeSchoolYear(s, { anoLetivo: 2027, deactivate: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(undoYearTurn(s, batchId)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listYearTurns(s)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await alunosState(t.db, school.tenantId)).toEqual(state);
  });

  test("the database refuses a coordenador's transaction whatever the code does", async () => {
    const school = await endOfCampaign(t.db);
    const { batchId } = await closeSchoolYear(school.admin, { anoLetivo: 2026, deactivate: true });
    const coord = await makeStaff(t.db, school.tenantId, ["coordenador"]);
    const as = <T>(work: (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) => Promise<T>) => withTenant(coord, work);
    await expectPgError(as((tx) => tx.execute(sql`insert into ano_letivo_batches (tenant_id, from_year, to_year, deactivate)
      values (${school.tenantId}, 2027, 2028, true)`)), "42501");
    await expectPgError(as((tx) => tx.execute(sql`insert into ano_letivo_batch_alunos (tenant_id, batch_id, aluno_id,
      outcome, before_status, after_status) values (${school.tenantId}, ${batchId}, ${school.ids.inativa}, 'promoted', 'ativo', 'ativo')`)), "42501");
    expect(await as((tx) => q(tx, sql`update ano_letivo_batches set undone_at = now() returning id`))).toEqual([]);
    expect(await as((tx) => q(tx, sql`select id from ano_letivo_batches`))).toEqual([]);
    expect(await as((tx) => q(tx, sql`select aluno_id from ano_letivo_batch_alunos`))).toEqual([]);
    expect(await as((tx) => q(tx, sql`update system_config set value = '2030' where key = 'escola.ano_letivo' returning key`))).toEqual([]);
    await expectPgError(as((tx) => tx.execute(sql`update alunos set status = 'ativo' where id = ${school.ids.semRematricula}`)), "42501");
    expect(await schoolYearOf(t.db, school.tenantId)).toBe(2027);
    const [row] = await q<{ undone_at: string | null }>(t.db, sql`select undone_at from ano_letivo_batches where id = ${batchId}`);
    expect(row.undone_at).toBeNull();
  });

  test("the year setting holds a year and nothing else", async () => {
    const school = await endOfCampaign(t.db);
    for (const bad of [`'"2027"'`, `'2027.5'`, `'1999'`, `'true'`]) {
      await expectPgError(t.db.execute(sql`update system_config set value = ${sql.raw(bad)}::jsonb
        where tenant_id = ${school.tenantId} and key = 'escola.ano_letivo'`), "23514");
    }
  });
});

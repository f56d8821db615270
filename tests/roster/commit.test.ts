import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openPostgres } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { undoRoster } from "@/lib/people/roster/undo";
import { holdSchoolYear, lockSchoolYear } from "@/lib/rematricula/year-lock";
import { createTestDb, type TestDb } from "../helpers/db";
import { addMembership, makeAluno, makeRematricula, makeStaff, makeUser } from "../helpers/fixtures";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { holdImportLock, loadedFile, row } from "../import/support";
import { q } from "../foundation/support";
import { commit, csvFile, HEADER, preview, rosterSchool, students } from "./support";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const ROSTER = [
  HEADER,
  "000101;Ana Souza;05/03/2015;529.982.247-25;Maria Souza;(11) 98888-0001;Centro;5º ano;5A;2026;Ativo",
  "000102;Bruno Lima;2014-07-20;;Paulo Lima;11 97777-0002;Norte;6o ano;6B;2026;ativo",
  "000103;Carla Dias;42068;;;;Centro;1ª série EM;;2026;A",
];

describe("commitRoster", () => {
  test("creates the students, and the same file twice changes nothing", async () => {
    const s = await rosterSchool(t.db);
    const p = await preview(s, csvFile(ROSTER));
    expect(p.counts).toMatchObject({ new: 3, updated: 0, unchanged: 0, ambiguous: 0, invalid: 0 });
    const r = await commit(s, csvFile(ROSTER));
    expect(r.counts).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, deactivated: 0 });
    const after = await students(t.db, s.tenantId);
    expect(after.map((a) => [a.matricula, a.nome, a.cpf, a.nasc, a.serie, a.unidade, a.status])).toEqual([
      ["000101", "Ana Souza", "52998224725", "2015-03-05", "5º ano", "Centro", "ativo"],
      ["000102", "Bruno Lima", null, "2014-07-20", "6º ano", "Norte", "ativo"],
      ["000103", "Carla Dias", null, "2015-03-05", "1ª série EM", "Centro", "ativo"],
    ]);

    const again = await preview(s, csvFile(ROSTER));
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    const [{ n: auditBefore }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where tenant_id = ${s.tenantId}`);
    const second = await commit(s, csvFile(ROSTER));
    expect(second.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, deactivated: 0 });
    expect(await students(t.db, s.tenantId)).toEqual(after);
    const [{ n: auditAfter }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where tenant_id = ${s.tenantId}`);
    expect(auditAfter).toBe(auditBefore);
  });

  test("matches by code, then CPF, then name + birth date; shows the changed fields", async () => {
    const s = await rosterSchool(t.db, ["admin"]);
    const byCode = await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", matricula: "000101", serie: "4º ano" });
    const byCpf = await makeAluno(t.db, s.tenantId, { nome: "Bruno Lima" });
    await t.db.execute(sql`update alunos set cpf = '52998224725' where id = ${byCpf}`);
    const byBirth = await makeAluno(t.db, s.tenantId, { nome: "Carla Dias" });
    await t.db.execute(sql`update alunos set data_nascimento = '2015-03-05' where id = ${byBirth}`);
    const file = csvFile([
      HEADER,
      "000101;Ana Souza;;;;;;5º ano;;;",
      "000202;Bruno Lima;;52998224725;;;;;;;",
      "000303;Carla Dias;05/03/2015;;;;;;;;",
    ]);
    const p = await preview(s, file);
    expect(p.counts).toMatchObject({ new: 0, updated: 3 });
    const changes = Object.fromEntries(p.rows.map((r) => [r.line, r.kind === "updated" ? r.changes : r.kind]));
    expect(changes[2]).toEqual([{ field: "serie", before: "4º ano", after: "5º ano" }]);
    expect(changes[3]).toEqual([{ field: "matricula", before: null, after: "000202" }]);
    expect(changes[4]).toEqual([{ field: "matricula", before: null, after: "000303" }]);
    await commit(s, file);
    const codes = await q<{ id: string; matricula: string }>(t.db, sql`select id, matricula from alunos where tenant_id = ${s.tenantId} order by matricula`);
    expect(codes).toEqual([{ id: byCode, matricula: "000101" }, { id: byCpf, matricula: "000202" }, { id: byBirth, matricula: "000303" }]);
  });

  test("a code or CPF of another student, and rows repeating one, are refused with their line", async () => {
    const s = await rosterSchool(t.db);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", matricula: "000101" });
    const other = await makeAluno(t.db, s.tenantId, { nome: "Bruno Lima", matricula: "000102" });
    await t.db.execute(sql`update alunos set cpf = '52998224725' where id = ${other}`);
    const third = await makeAluno(t.db, s.tenantId, { nome: "Caio Reis", matricula: "000103" });
    await t.db.execute(sql`update alunos set cpf = '11144477735' where id = ${third}`);
    const p = await preview(s, csvFile([
      HEADER,
      "000101;Ana Souza;;529.982.247-25;;;;;;;",
      "000999;Outra Pessoa;;111.444.777-35;;;;;;;",
      "000500;Davi Reis;;111.111.111-11;;;;;;;",
      "000501;Eva Luz;;;;;;;;;",
      "000501;Eva Luz Repetida;;;;;;;;;",
      "000600;Fábio;;;;;Sul;;;;",
      "000601;Gil;;;;;;9ª série;;;",
    ]));
    expect(p.invalid.map((i) => i.line)).toEqual([2, 3, 4, 6, 7, 8]);
    expect(p.invalid[0].reason).toContain("CPF 529.982.247-25 já registrado nesta escola para outro aluno (Bruno Lima, matrícula 000102)");
    expect(p.invalid[1].reason).toContain("é de Caio Reis, matrícula 000103");
    expect(p.invalid[2].reason).toContain("CPF inválido");
    expect(p.invalid[3].reason).toContain("repetida no arquivo (já na linha 5)");
    expect(p.invalid[4].reason).toContain("Unidade desconhecida: “Sul”");
    expect(p.invalid[5].reason).toContain("Série desconhecida");
    expect(p.counts).toMatchObject({ new: 1, updated: 0 });
  });

  test("a homonym without code or birth date is ambiguous: not merged until confirmed", async () => {
    const s = await rosterSchool(t.db);
    const old = await makeAluno(t.db, s.tenantId, { nome: "João Silva" });
    await makeAluno(t.db, s.tenantId, { nome: "João Silva", matricula: "000777" });
    await t.db.execute(sql`update alunos set data_nascimento = '2013-01-01' where matricula = '000777' and tenant_id = ${s.tenantId}`);
    const file = csvFile([HEADER, "000901;João Silva;02/02/2014;;;;;;;;"]);
    const p = await preview(s, file);
    // The one with a code and another birth date is another student; the one with neither may be this row's.
    expect(p.rows).toMatchObject([{ kind: "ambiguous", line: 2, candidates: [{ id: old }] }]);
    const unconfirmed = await commit(s, file);
    expect(unconfirmed.counts).toMatchObject({ inserted: 0, updated: 0, ambiguous: 1 });
    expect((await students(t.db, s.tenantId)).map((a) => a.matricula).sort()).toEqual(["000777", null]);

    const confirmed = await commit(s, file, { confirmations: { 2: old } });
    expect(confirmed.counts).toMatchObject({ inserted: 0, updated: 1, ambiguous: 0 });
    const [row] = await q<{ matricula: string; nasc: string }>(t.db, sql`select matricula, data_nascimento::text as nasc from alunos where id = ${old}`);
    expect(row).toEqual({ matricula: "000901", nasc: "2014-02-02" });
  });

  test("a confirmation naming a student who is not a candidate decides nothing", async () => {
    const s = await rosterSchool(t.db);
    await makeAluno(t.db, s.tenantId, { nome: "João Silva" });
    const stranger = await makeAluno(t.db, s.tenantId, { nome: "Outra Pessoa" });
    const p = await preview(s, csvFile([HEADER, ";João Silva;;;;;;;;;"]), { confirmations: { 2: stranger } });
    expect(p.counts).toMatchObject({ ambiguous: 1, updated: 0 });
  });

  test("roster completo deactivates exactly the ativo students the preview listed, never deletes", async () => {
    const s = await rosterSchool(t.db);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", matricula: "000101" });
    await makeAluno(t.db, s.tenantId, { nome: "Saiu Antes", matricula: "000150" });
    await makeAluno(t.db, s.tenantId, { nome: "Linha Errada", matricula: "000160" });
    await makeAluno(t.db, s.tenantId, { nome: "Já Transferido", matricula: "000170", status: "transferido" });
    await makeAluno(t.db, s.tenantId, { nome: "Homônimo", matricula: null });
    const file = csvFile([
      HEADER,
      "000101;Ana Souza;;;;;;;;;",
      "000160;Linha Errada;31/02/2015;;;;;;;;",
      ";Homônimo;;;;;;;;;",
    ]);
    const p = await preview(s, file, { mode: "replace" });
    expect(p.toDeactivate.map((d) => d.nome)).toEqual(["Saiu Antes"]);
    const r = await commit(s, file, { mode: "replace" });
    expect(r.counts.deactivated).toBe(1);
    const all = await students(t.db, s.tenantId);
    expect(all).toHaveLength(5);
    expect(all.filter((a) => a.status !== "ativo").map((a) => [a.nome, a.status])).toEqual([
      ["Já Transferido", "transferido"], ["Saiu Antes", "inativo"],
    ]);
  });

  test("a student with a login keeps the name and the user link", async () => {
    const s = await rosterSchool(t.db);
    const userId = await makeUser(t.db, "Lia Prado");
    await addMembership(t.db, s.tenantId, userId, "aluno");
    await t.db.execute(sql`update alunos set matricula = '000400' where tenant_id = ${s.tenantId} and user_id = ${userId}`);
    const p = await preview(s, csvFile([HEADER, "000400;Lia P. Prado;;;;;;7º ano;;;"]));
    expect(p.warnings[0].reason).toContain("Nome não alterado");
    await commit(s, csvFile([HEADER, "000400;Lia P. Prado;;;;;;7º ano;;;"]));
    const [row] = await q<{ nome: string; user_id: string; serie: string }>(t.db, sql`select nome, user_id, serie from alunos
      where tenant_id = ${s.tenantId} and matricula = '000400'`);
    expect(row).toEqual({ nome: "Lia Prado", user_id: userId, serie: "7º ano" });
    const [m] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from memberships where tenant_id = ${s.tenantId} and user_id = ${userId}`);
    expect(m.n).toBe(1);
  });

  test("a failure in the middle of the commit leaves nothing behind", async () => {
    const s = await rosterSchool(t.db);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", matricula: "000101", serie: "4º ano" });
    const before = await students(t.db, s.tenantId);
    // A trigger that fails on the second new student: the update and the first insert happened already.
    await t.db.execute(sql.raw(`create function fail_roster() returns trigger language plpgsql as $$
      begin if new.nome = 'Falha Aqui' then raise exception 'falha simulada'; end if; return new; end $$`));
    await t.db.execute(sql.raw(`create trigger fail_roster before insert on alunos for each row execute function fail_roster()`));
    try {
      const file = csvFile([HEADER, "000101;Ana Souza;;;;;;5º ano;;;", "000102;Nova Pessoa;;;;;;;;;", "000103;Falha Aqui;;;;;;;;;"]);
      await expect(commit(s, file)).rejects.toThrow();
    } finally {
      await t.db.execute(sql.raw(`drop trigger fail_roster on alunos`));
      await t.db.execute(sql.raw(`drop function fail_roster()`));
    }
    expect(await students(t.db, s.tenantId)).toEqual(before);
    const [b] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from import_batches where tenant_id = ${s.tenantId}`);
    expect(b.n).toBe(0);
  });

  test.skipIf(!process.env.DATABASE_URL)("a second import of the school at the same time is refused", async () => {
    const s = await rosterSchool(t.db);
    const other = openPostgres(t.url as string, 2);
    try {
      const lock = await holdImportLock(s, other.db);
      await expect(commit(s, csvFile(ROSTER))).rejects.toMatchObject({
        code: "CONFLICT", message: "Outra importação desta escola está em andamento. Tente novamente em instantes.",
      });
      await lock.release();
      expect(await students(t.db, s.tenantId)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test.skipIf(!process.env.DATABASE_URL)("a year close cannot start while an import holds the year", async () => {
    const s = await rosterSchool(t.db, ["admin"]);
    const other = openPostgres(t.url as string, 2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    // The commit's first step, on another connection, held open.
    const importing = withTenant(s, async (tx) => {
      await holdSchoolYear(tx);
      started();
      await held;
    }, other.db);
    try {
      await isStarted;
      await expect(withTenant(s, (tx) => lockSchoolYear(tx))).rejects.toMatchObject({ code: "CONFLICT" });
    } finally {
      release();
      await importing;
      await other.close();
    }
  });
});

describe("undoRoster", () => {
  test("restores exactly: updated students get their values back, created ones are removed", async () => {
    const s = await rosterSchool(t.db);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", matricula: "000101", serie: "4º ano" });
    await makeAluno(t.db, s.tenantId, { nome: "Saiu Antes", matricula: "000150" });
    const before = await students(t.db, s.tenantId);
    const r = await commit(s, csvFile(ROSTER), { mode: "replace" });
    expect(r.counts).toMatchObject({ inserted: 2, updated: 1, deactivated: 1 });
    const undone = await undoRoster(s, r.batchId);
    expect(undone).toEqual({ batchId: r.batchId, removed: 2, restored: 2 });
    const after = await students(t.db, s.tenantId);
    expect(after.map(({ updated_at: _u, ...rest }) => rest)).toEqual(before.map(({ updated_at: _u, ...rest }) => rest));
    await expect(undoRoster(s, r.batchId)).rejects.toMatchObject({ code: "CONFLICT", message: "Esta importação já foi desfeita." });
  });

  test("refused with the names when students changed since; nothing is undone", async () => {
    const s = await rosterSchool(t.db);
    const r = await commit(s, csvFile(ROSTER));
    await t.db.execute(sql`update alunos set turma = '5C' where tenant_id = ${s.tenantId} and matricula = '000101'`);
    const anaId = (await q<{ id: string }>(t.db, sql`select id from alunos where tenant_id = ${s.tenantId} and matricula = '000102'`))[0].id;
    await makeRematricula(t.db, s.tenantId, anaId);
    const before = await students(t.db, s.tenantId);
    const err = await undoRoster(s, r.batchId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect((err as Error).message).toContain("Ana Souza (000101)");
    expect(await students(t.db, s.tenantId)).toEqual(before);
    // The referenced student alone: the database refuses to remove them, and undo says why.
    await t.db.execute(sql`update alunos set turma = '5A' where tenant_id = ${s.tenantId} and matricula = '000101'`);
    await expect(undoRoster(s, r.batchId)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("já tem registros") });
    expect(await students(t.db, s.tenantId)).toHaveLength(3);
  });

  test("refused while finance's list links a row to a student it created; nothing changes on either side", async () => {
    const s = await rosterSchool(t.db);
    const r = await commit(s, csvFile(ROSTER));
    const finance = await makeStaff(t.db, s.tenantId, ["financeiro"]);
    await commitLoaded(finance, loadedFile([row(2, "Bruno Lima", { codigoAluno: "000102" })]), "upsert");
    const linked = () => q<{ matricula: string }>(t.db, sql`select a.matricula from inadimplentes i
      join alunos a on a.tenant_id = i.tenant_id and a.id = i.aluno_id where i.tenant_id = ${s.tenantId} and i.is_active`);
    expect(await linked()).toEqual([{ matricula: "000102" }]);
    const before = await students(t.db, s.tenantId);
    const err = await undoRoster(s, r.batchId).catch((e: unknown) => e);
    // The front desk is told there are records, not that the student is on the debt list.
    expect(err).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("já tem registros") });
    expect((err as Error).message).not.toMatch(/inadimpl|Bruno/i);
    expect(await students(t.db, s.tenantId)).toEqual(before);
    expect(await linked()).toEqual([{ matricula: "000102" }]);
  });
});

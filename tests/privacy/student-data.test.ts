import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { TenantSession } from "@/lib/auth/permissions";
import { softDeleteInadimplente } from "@/lib/inadimplencia/admin";
import { anonymizeStudent } from "@/lib/privacy/anonymize";
import { studentData } from "@/lib/privacy/student-data";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeBatch, makeInadimplente, makeLiberacao, makeRematricula, makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { checkOneOf, makeSchool } from "../inadimplencia/support";
import { makeEvent } from "./support";

let t: TestDb;
let admin: TenantSession;
const id: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  admin = await makeSchool(t.db, {}, ["admin"]);
  const tenant = admin.tenantId;
  // Maria and her homonym: same name, another guardian, in the same school; and a Maria of another school.
  id.maria = await makeAluno(t.db, tenant, { nome: "Maria Souza", responsavelNome: "Joana Souza", unidade: "Centro", matricula: "00123" });
  await t.db.execute(sql`update alunos set cpf = '52998224725', telefone = '11 99999-0000' where id = ${id.maria}`);
  id.homonym = await makeAluno(t.db, tenant, { nome: "Maria Souza", responsavelNome: "Paula Lima", unidade: "Centro" });
  // Made before the homonym's row exists: the check matches by name only, so
  // afterwards the database would record a would-block for Maria carrying her
  // homonym's code (docs/privacidade.md, "Homônimos").
  id.remat = await makeRematricula(t.db, tenant, id.maria, 2027);
  const other = await makeTenant(t.db, "Outra Escola");
  id.elsewhere = await makeAluno(t.db, other, { nome: "Maria Souza", responsavelNome: "Joana Souza" });
  id.elsewhereRow = await makeInadimplente(t.db, other, { studentName: "Maria Souza", guardian: "Joana Souza", codigo: "OUTRA-1" });

  id.row = await makeInadimplente(t.db, tenant, { studentName: "Maria Souza", guardian: "Joana Souza", codigo: "M-1" });
  await softDeleteInadimplente(admin, id.row, "Pago em dezembro");
  id.homonymRow = await makeInadimplente(t.db, tenant, { studentName: "Maria Souza", guardian: "Paula Lima", codigo: "H-1" });
  id.lib = await makeLiberacao(t.db, tenant, id.maria, { validFor: "-1 day", reason: "Acordo de Joana" });
  id.homonymLib = await makeLiberacao(t.db, tenant, id.homonym, { validFor: "1 day", reason: "Acordo de Paula" });
  id.event = await makeEvent(t.db, tenant, id.maria, 1);
  id.homonymEvent = await makeEvent(t.db, tenant, id.homonym, 1);
  id.batch = await makeBatch(t.db, tenant, "lista-marco.csv");
  id.otherBatch = await makeBatch(t.db, tenant, "lista-abril.csv");
  await t.db.execute(sql`update import_batches set errors = ${JSON.stringify({ invalid: [
    { line: 3, reason: "Meses inválidos", raw: "M-9;MARIA SOUZA;Joana Souza" },
    { line: 4, reason: "Meses inválidos", raw: "X-1;Pedro Outro;Rita Outra" }] })}::jsonb where id = ${id.batch}`);
  await t.db.execute(sql`update import_batches set errors = ${JSON.stringify({ invalid: [
    { line: 2, reason: "Meses inválidos", raw: "X-2;Pedro Outro;Rita Outra" }] })}::jsonb where id = ${id.otherBatch}`);
  // A roster import that touched both of them (its record of each student, what undo restores).
  id.roster = await makeBatch(t.db, tenant, "alunos.csv");
  await t.db.execute(sql`update import_batches set kind = 'alunos' where id = ${id.roster}`);
  for (const [aluno, guardian] of [[id.maria, "Joana Souza"], [id.homonym, "Paula Lima"]]) {
    await t.db.execute(sql`insert into import_batch_alunos (tenant_id, batch_id, aluno_id, before, after)
      values (${tenant}, ${id.roster}, ${aluno}, null, ${JSON.stringify({ nome: "Maria Souza", cpf: null, responsavel_nome: guardian })}::jsonb)`);
  }
}, 120_000);

afterAll(async () => { await t?.close(); });

test("the family's export holds every table that names the student and nothing of anyone else", async () => {
  const data = await studentData(admin, id.maria, "Escola", "json");
  const text = JSON.stringify(data);
  expect(data.aluno).toMatchObject({ id: id.maria, nome: "Maria Souza", cpf: "52998224725", responsavel_nome: "Joana Souza" });
  expect(data.historicoDoCadastro.length).toBeGreaterThan(0);
  expect(data.listaDeInadimplentes.map((r) => r.registro.id)).toEqual([id.row]);
  expect(data.listaDeInadimplentes[0].historico.map((h) => h.action)).toEqual(["insert", "soft_delete"]);
  expect(data.liberacoes.map((l) => l.liberacao.id)).toEqual([id.lib]);
  expect(data.liberacoes[0].historico.length).toBeGreaterThan(0);
  expect(data.rematriculas.map((r) => r.id)).toEqual([id.remat]);
  expect(data.tentativasBloqueadas.map((e) => e.id)).toEqual([id.event]);
  expect(data.importacoes.map((b) => b.importacao.id)).toEqual([id.batch]);
  expect(data.importacoesDoCadastro.map((r) => (r.after as { responsavel_nome: string }).responsavel_nome)).toEqual(["Joana Souza"]);
  expect(data.importacoes[0].linhasQueONomeiam).toEqual([{ line: 3, reason: "Meses inválidos", raw: "M-9;MARIA SOUZA;Joana Souza" }]);
  for (const foreign of [id.homonym, id.homonymRow, id.homonymLib, id.homonymEvent, id.otherBatch, id.elsewhere, id.elsewhereRow,
    "Paula Lima", "Pedro Outro", "OUTRA-1", "H-1"]) {
    expect(text).not.toContain(foreign);
  }
});

// inadimplentes carries aluno_id since the links: its rows come through privacy_aluno_list_rows.
// inadimplencia_kept_hits (migration 0030) is not exported: it holds, for a
// student with an active list row, that row's months and code, kept equal to
// the list by triggers, so the list rows in the export already say it, and
// anonymising or purging them changes it in the same statement.
test("every table with a student column is in the export (a new one must be added to it)", async () => {
  const tables = await q<{ t: string }>(t.db, sql`select table_name as t from information_schema.columns
    where table_schema = 'public' and column_name = 'aluno_id' and table_name <> 'inadimplencia_kept_hits' order by 1`);
  expect(tables.map((r) => r.t)).toEqual(
    ["ano_letivo_batch_alunos", "import_batch_alunos", "inadimplentes", "invitations", "liberacoes", "privacy_requests", "rematricula_events", "rematriculas"]);
});

test("each answer is recorded: the request and the export", async () => {
  const before = await q<{ n: number }>(t.db, sql`select count(*)::int as n from privacy_requests where aluno_id = ${id.maria}`);
  await studentData(admin, id.maria, "Escola", "html");
  const requests = await q<{ kind: string; outcome: string; actor: string }>(t.db, sql`
    select kind, outcome, actor from privacy_requests where aluno_id = ${id.maria} order by at desc limit 1`);
  expect(requests[0]).toEqual({ kind: "acesso", outcome: "entregue", actor: admin.userId });
  expect((await q<{ n: number }>(t.db, sql`select count(*)::int as n from privacy_requests where aluno_id = ${id.maria}`))[0].n)
    .toBe(before[0].n + 1);
  const [log] = await q<{ kind: string; filters: Record<string, string>; actor: string }>(t.db, sql`
    select kind, filters, actor from export_log order by id desc limit 1`);
  expect(log).toEqual({ kind: "titular", filters: { aluno: id.maria, formato: "html" }, actor: admin.userId });
});

test("only the school's admins may export a student's data or anonymise it", async () => {
  const fin = await makeStaff(t.db, admin.tenantId, ["financeiro"]);
  await expect(studentData(fin, id.maria, "Escola", "json")).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(anonymizeStudent({ ...fin, roles: ["admin"] }, id.maria)).rejects.toThrow();
  await expect(studentData(admin, "not-a-uuid\0", "Escola", "json")).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(studentData(admin, id.elsewhere, "Escola", "json")).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("anonymisation is refused, with the reason, while the school must keep the data", async () => {
  await expect(anonymizeStudent(admin, id.maria)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/ativo/) });
  await t.db.execute(sql`update alunos set status = 'transferido' where id = ${id.maria}`);
  await expect(anonymizeStudent(admin, id.maria)).rejects.toMatchObject({ message: expect.stringMatching(/rematrícula/) });
  await t.db.execute(sql`update rematriculas set status = 'cancelada', cancelled_at = now() where id = ${id.remat}`);
  const debt = await makeInadimplente(t.db, admin.tenantId, { studentName: "MARIA SOUZA", guardian: null, codigo: "M-2" });
  await expect(anonymizeStudent(admin, id.maria)).rejects.toMatchObject({ message: expect.stringMatching(/inadimplentes/) });
  await t.db.execute(sql`update inadimplentes set is_active = false, deleted_at = now() where id = ${debt}`);
  const refusals = await q<{ reason: string }>(t.db, sql`select reason from privacy_requests
    where aluno_id = ${id.maria} and outcome = 'recusado' order by at`);
  expect(refusals.map((r) => r.reason)).toEqual(["aluno_ativo", "rematricula_aberta", "debito_ativo"]);
  expect((await q<{ nome: string }>(t.db, sql`select nome from alunos where id = ${id.maria}`))[0].nome).toBe("Maria Souza");
});

test("an anonymised student keeps no personal data, no longer matches the list by name, and others are untouched", async () => {
  const homonymBefore = await q(t.db, sql`select * from inadimplentes where id = ${id.homonymRow}`);
  await anonymizeStudent(admin, id.maria);
  const data = await studentData(admin, id.maria, "Escola", "json");
  const text = JSON.stringify(data);
  for (const gone of ["Maria Souza", "MARIA SOUZA", "maria souza", "Joana", "52998224725", "99999-0000", "00123", "M-1", "Pago em"]) {
    expect(text).not.toContain(gone);
  }
  expect(data.aluno.nome).toMatch(/^Anonimizado /);
  // The import report's line that named her keeps its number only; the other lines and reports stay.
  const reports = await q<{ id: string; errors: unknown }>(t.db, sql`select id, errors from import_batches
    where id in (${id.batch}, ${id.otherBatch}) order by id = ${id.batch} desc`);
  expect(reports.map((r) => r.errors)).toEqual([
    { invalid: [{ line: 3, reason: "Anonimizado" }, { line: 4, reason: "Meses inválidos", raw: "X-1;Pedro Outro;Rita Outra" }] },
    { invalid: [{ line: 2, reason: "Meses inválidos", raw: "X-2;Pedro Outro;Rita Outra" }] },
  ]);
  const trail = await q<{ t: string }>(t.db, sql`select before::text || after::text as t from audit_log
    where entity_key = ${id.maria} or entity_key = ${id.lib}`);
  expect(trail.map((r) => r.t).join()).not.toMatch(/Maria Souza|Joana|52998224725|Acordo de Joana/);
  // A new active row with the name she had matches anyone of that name, never her.
  await makeInadimplente(t.db, admin.tenantId, { studentName: "Maria Souza", guardian: null, codigo: "NOVA" });
  await t.db.execute(sql`update alunos set status = 'ativo' where id = ${id.maria}`);
  expect((await checkOneOf(admin, id.maria))?.isInadimplente).toBe(false);
  const namesake = await makeAluno(t.db, admin.tenantId, { nome: "Maria Souza" });
  expect((await checkOneOf(admin, namesake))?.isInadimplente).toBe(true);
  expect(await q(t.db, sql`select * from inadimplentes where id = ${id.homonymRow}`)).toEqual(homonymBefore);
  expect((await q<{ reason: string }>(t.db, sql`select reason from liberacoes where id = ${id.homonymLib}`))[0].reason).toBe("Acordo de Paula");
  expect((await q<{ nome: string }>(t.db, sql`select after ->> 'nome' as nome from import_batch_alunos
    where aluno_id = ${id.homonym}`))[0].nome).toBe("Maria Souza");
  await expect(anonymizeStudent(admin, id.maria)).rejects.toMatchObject({ message: expect.stringMatching(/já foi/) });
});

test("a row linked to the student is theirs whatever its name says; a row linked to the homonym never is", async () => {
  const typo = await makeInadimplente(t.db, admin.tenantId, { studentName: "Maria Sousa", codigo: "LINK-1", alunoId: id.maria, active: false });
  const theirs = await makeInadimplente(t.db, admin.tenantId,
    { studentName: "Maria Souza", guardian: "Joana Souza", codigo: "LINK-2", alunoId: id.homonym, active: false });
  const rows = (await studentData(admin, id.maria, "Escola", "json")).listaDeInadimplentes.map((r) => r.registro.id);
  expect(rows).toContain(typo);
  expect(rows).not.toContain(theirs);
});

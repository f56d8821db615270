import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { createAluno, type AlunoFields } from "@/lib/people/alunos";
import { CPF_TAKEN } from "@/lib/people/cpf";
import { EMAIL_TAKEN, peopleDbError } from "@/lib/people/db-errors";
import { addMember } from "@/lib/people/members";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";

// Seed 004's rules on both databases: CPF unique per school, e-mail unique on
// the platform case-insensitively, both also under concurrent requests.
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const fields = (nome: string, cpf: string | null): AlunoFields => ({
  nome, matricula: null, cpf, dataNascimento: null, responsavelNome: null, responsavelTelefone: null, unidade: null,
  serie: null, turma: null, anoLetivo: 2026, status: "ativo",
});

async function refusal(work: Promise<unknown>) {
  return work.then(() => null, (e: unknown) => e as { code?: string; message?: string });
}

test("the same CPF in two schools is accepted; twice in one school refused with the message", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const b = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  await createAluno(a, fields("Ana Lima", "01234567890"), null);
  await createAluno(b, fields("Ana Lima", "01234567890"), null);
  const err = await refusal(createAluno(a, fields("Outra Ana", "01234567890"), null));
  expect(err).toMatchObject({ code: "CONFLICT", message: CPF_TAKEN });
  const rows = await q<{ cpf: string }>(t.db, sql`select cpf from alunos where cpf = '01234567890'`);
  expect(rows).toHaveLength(2);
});

test("two requests racing with the same CPF: one student, the other gets the message", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const results = await Promise.allSettled(
    Array.from({ length: 4 }, (_, i) => createAluno(a, fields(`Corrida ${i}`, "52998224725"), null)));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  for (const r of results.filter((x) => x.status === "rejected")) {
    expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", message: CPF_TAKEN });
  }
  const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from alunos
    where tenant_id = ${a.tenantId} and cpf = '52998224725'`);
  expect(n).toBe(1);
});

test("the unique violation itself (a race past the check) maps to the CPF message", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  await createAluno(a, fields("Bia", "11144477735"), null);
  const err = await refusal(withTenant(a, (tx) => tx.execute(
    sql`insert into alunos (tenant_id, nome, cpf) values (${a.tenantId}, 'Bia 2', '11144477735')`)));
  expect(peopleDbError(err)).toMatchObject({ code: "CONFLICT", message: CPF_TAKEN });
});

test("Maria@X.com and maria@x.com are the same e-mail", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const b = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const tag = Math.random().toString(36).slice(2, 8);
  const first = await addMember(a, { email: `maria.${tag}@x.com`, name: "Maria", role: "secretaria" });
  expect(first).toMatchObject({ outcome: "created", tempPassword: expect.any(String) });
  // The app lowercases, and the database's key is case-insensitive whatever the app does:
  // the same account, so school B gets an invitation for it, not a second account.
  const second = await addMember(b, { email: `Maria.${tag}@X.com`.toLowerCase(), name: "Maria", role: "secretaria" });
  expect(second).toEqual({ outcome: "invited" });
  const viaSql = await addMember(b, { email: `MARIA.${tag.toUpperCase()}@X.COM`, name: "Maria", role: "financeiro" });
  expect(viaSql).toEqual({ outcome: "invited" });
  const err = await refusal(t.db.execute(sql`insert into users (email, name, password_hash)
    values (${`Maria.${tag}@X.com`}, 'Outra', 'x')`));
  expect(peopleDbError(err)).toMatchObject({ code: "CONFLICT", message: EMAIL_TAKEN });
  const [{ n }] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from users where lower(email) = ${`maria.${tag}@x.com`}`);
  expect(n).toBe(1);
});

test("two admins adding the same new e-mail at once end with one user", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const b = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const email = `corrida.${Math.random().toString(36).slice(2, 8)}@x.com`;
  const [r1, r2] = await Promise.all([
    addMember(a, { email, name: "Corrida", role: "secretaria" }),
    addMember(b, { email, name: "Corrida", role: "secretaria" }),
  ]);
  // One created the account, the other invited it.
  expect([r1.outcome, r2.outcome].sort()).toEqual(["created", "invited"]);
});

test("giving a user the aluno role makes the student appear, by the database trigger", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const email = `aluno.${Math.random().toString(36).slice(2, 8)}@x.com`;
  const added = await addMember(a, { email, name: "Caio Trigger", role: "aluno" });
  const userId = added.outcome === "created" ? added.userId : "";
  const rows = await q<{ nome: string; status: string }>(t.db, sql`select nome, status from alunos
    where tenant_id = ${a.tenantId} and user_id = ${userId}`);
  expect(rows).toEqual([{ nome: "Caio Trigger", status: "ativo" }]);
});

test("a student created with a login gets the form's fields on the trigger's row", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const email = `login.${Math.random().toString(36).slice(2, 8)}@x.com`;
  const r = await createAluno(a, { ...fields("Duda Login", "00000000191"), responsavelNome: "Mãe da Duda" }, email);
  expect(r.tempPassword).not.toBeNull();
  const rows = await q<{ id: string; cpf: string; responsavel_nome: string }>(t.db, sql`select a.id, a.cpf, a.responsavel_nome
    from alunos a join users u on u.id = a.user_id where u.email = ${email}`);
  expect(rows).toEqual([{ id: r.id, cpf: "00000000191", responsavel_nome: "Mãe da Duda" }]);
});

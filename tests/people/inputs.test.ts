import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAluno, getAluno, listAlunos, type AlunoFields } from "@/lib/people/alunos";
import { newAlunoForm, tenantForm } from "@/lib/people/forms";
import { addMember, resetMemberPassword } from "@/lib/people/members";
import { answerInvitation } from "@/lib/people/invitations";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";

// Bad input gets the normal answer or a clear message, never a database error.
let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const fields = (nome: string): AlunoFields => ({
  nome, matricula: null, cpf: null, dataNascimento: null, responsavelNome: null, responsavelTelefone: null, unidade: null,
  serie: null, turma: null, anoLetivo: null, status: "ativo",
});

test("student search: accents, wildcards, NUL bytes, huge pages", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  await createAluno(a, fields("João Conceição"), null);
  await createAluno(a, fields("Maria 100% Silva"), null);
  expect((await listAlunos(a, { q: "joao conceicao" })).rows.map((r) => r.nome)).toEqual(["João Conceição"]);
  expect((await listAlunos(a, { q: "%" })).rows.map((r) => r.nome)).toEqual(["Maria 100% Silva"]);
  expect((await listAlunos(a, { q: "_" })).total).toBe(0);
  expect((await listAlunos(a, { q: "jo\0ao" })).total).toBe(1);
  expect((await listAlunos(a, { q: "x".repeat(10_000) })).total).toBe(0);
  const far = await listAlunos(a, { page: 1e12 });
  expect(far).toMatchObject({ page: 1, total: 2 });
  expect((await listAlunos(a, { page: Number.NaN })).page).toBe(1);
  await expect(getAluno(a, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("forms refuse what the database would: NUL bytes stripped, lengths bounded, bad dates and CPFs named", () => {
  const r = newAlunoForm.safeParse({ nome: "Ana\0 Lima", cpf: "123", dataNascimento: "2020-02-30", anoLetivo: "99999",
    responsavelNome: "r".repeat(201), email: "não é e-mail", status: "graduado" });
  expect(r.success).toBe(false);
  const fields = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
  expect(fields).toMatchObject({ cpf: "CPF inválido", dataNascimento: "Data inválida.", anoLetivo: "Ano inválido.",
    email: "E-mail inválido.", status: "Situação inválida." });
  expect(fields.responsavelNome).toMatch(/no máximo 200/);
  const ok = newAlunoForm.parse({ nome: " Ana\0 Lima ", cpf: "529.982.247-25", email: " Ana@Escola.COM " });
  expect(ok).toMatchObject({ nome: "Ana Lima", cpf: "52998224725", email: "ana@escola.com", dataNascimento: null, status: "ativo" });
  expect(tenantForm.safeParse({ slug: "Nova Escola!", name: "x", unidades: "", adminEmail: "a@b.cc", adminName: "A" }).success).toBe(false);
});

test("an admin cannot reset the password of someone another school relies on", async () => {
  const a = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const b = await makeStaff(t.db, await makeTenant(t.db), ["admin"]);
  const email = `dupla.${Date.now()}@x.com`;
  const added = await addMember(a, { email, name: "Dupla", role: "secretaria" });
  const userId = added.outcome === "created" ? added.userId : "";
  const own = await resetMemberPassword(a, userId);
  expect(own).toMatch(/^[A-Za-z0-9]{14}$/);
  // School B invites her and she accepts: from then on B relies on the account too.
  expect(await addMember(b, { email, name: "Dupla", role: "secretaria" })).toEqual({ outcome: "invited" });
  const [invitation] = await q<{ id: string }>(t.db, sql`select id from invitations where user_id = ${userId}`);
  await answerInvitation(userId, invitation.id, true);
  const [before] = await q<{ password_hash: string }>(t.db, sql`select password_hash from users where id = ${userId}`);
  await expect(resetMemberPassword(a, userId)).rejects.toMatchObject({ code: "FORBIDDEN" });
  const [after] = await q<{ password_hash: string }>(t.db, sql`select password_hash from users where id = ${userId}`);
  expect(after).toEqual(before);
});

test("a forged form without its fields gets Portuguese messages", async () => {
  const { parseForm } = await import("@/lib/people/schemas");
  const { addMemberForm } = await import("@/lib/people/forms");
  let err: unknown;
  try { parseForm(addMemberForm, {}); } catch (e) { err = e; }
  expect(err).toMatchObject({ code: "VALIDATION", fields: { email: "Campo inválido.", name: "Campo inválido.", role: "Papel inválido." } });
  expect(newAlunoForm.safeParse({ nome: "A", email: `${"a".repeat(300)}@x.com` }).error?.issues[0].message).toBe("E-mail longo demais.");
});

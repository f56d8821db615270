import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Browser, Page } from "@playwright/test";
import type { Sql } from "postgres";
import { axeViolations, createAluno, DEMO_PASSWORD, expect, loginAs, tenantId, test } from "./fixtures";

// Issue 18: nothing destructive in one click. Each action opens its dialog, and
// "Cancelar" (or Esc) leaves the database and the page as they were.

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, email);
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

/** A member of the demo school with these roles, who never signs in. */
async function member(db: Sql, roles: string[]) {
  const tag = randomUUID().slice(0, 8);
  const email = `confirmacao-${tag}@pelicano.demo`;
  const name = `Pessoa Confirmação ${tag}`;
  const [user] = await db`insert into users (email, name, password_hash) values (${email}, ${name}, 'x') returning id, password_hash`;
  const tid = await tenantId(db, "pelicano");
  for (const role of roles) await db`insert into memberships (tenant_id, user_id, role) values (${tid}, ${user.id}, ${role})`;
  const active = async () => (await db`select role from memberships where user_id = ${user.id} and active order by role`)
    .map((r) => r.role);
  return { id: user.id as string, email, name, hash: user.password_hash as string, active };
}

const memberRow = (page: Page, email: string) => page.getByTestId("member-row").filter({ hasText: email });

test("revoking a liberação asks first; Cancelar and Esc keep it valid", async ({ browser, db }) => {
  const aluno = await createAluno(db, "pelicano", { nome: `Liberado Confirmação ${randomUUID().slice(0, 6)}` });
  const [lib] = await db`insert into liberacoes (tenant_id, aluno_id, reason, valid_until)
    select tenant_id, id, 'Acordo e2e', now() + interval '5 days' from alunos where id = ${aluno.id} returning id`;
  const fin = await signedIn(browser, "financeiro@pelicano.demo");
  await fin.goto("/admin/liberacoes");
  const revoke = fin.getByRole("button", { name: `Revogar liberação de ${aluno.nome}` });
  const dialog = fin.getByRole("dialog", { name: `Revogar a liberação de ${aluno.nome}?` });

  await revoke.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("volta a ser bloqueada");
  expect(await axeViolations(fin)).toEqual([]);
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await expect(dialog).toBeHidden();
  await revoke.click();
  await fin.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  const [{ revoked_at }] = await db`select revoked_at from liberacoes where id = ${lib.id}`;
  expect(revoked_at).toBeNull();
  await fin.reload();
  await expect(fin.getByRole("table", { name: "Liberações válidas" }).getByRole("row").filter({ hasText: aluno.nome })).toBeVisible();
});

test("removing the last role says it is the last; cancelled it changes nothing, confirmed the person stays listed without a role",
  async ({ browser, db }) => {
    const m = await member(db, ["secretaria"]);
    const admin = await signedIn(browser, "admin@pelicano.demo");
    await admin.goto("/admin/usuarios");
    const row = memberRow(admin, m.email);
    await row.getByRole("button", { name: `Remover papel Secretaria de ${m.name}` }).click();
    const dialog = admin.getByRole("dialog", { name: `Remover o último papel de ${m.name}?` });
    await expect(dialog).toContainText("é o único papel");
    await expect(dialog).toContainText("perde o acesso à escola");
    expect(await axeViolations(admin)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancelar" }).click();
    await expect(dialog).toBeHidden();
    expect(await m.active()).toEqual(["secretaria"]);
    await admin.reload();
    await expect(memberRow(admin, m.email).getByRole("button", { name: /Remover papel Secretaria/ })).toBeVisible();

    await memberRow(admin, m.email).getByRole("button", { name: /Remover papel Secretaria/ }).click();
    await dialog.getByRole("button", { name: "Remover o último papel" }).click();
    await expect(memberRow(admin, m.email)).toContainText("Sem papel");
    await expect(memberRow(admin, m.email)).toContainText(m.name);
    expect(await m.active()).toEqual([]);
  });

test("deactivating access and resetting a password ask first; cancelled they change nothing", async ({ browser, db }) => {
  const m = await member(db, ["financeiro", "secretaria"]);
  const admin = await signedIn(browser, "admin@pelicano.demo");
  await admin.goto("/admin/usuarios");
  const row = memberRow(admin, m.email);

  await row.getByRole("button", { name: `Desativar acesso de ${m.name}` }).click();
  const deactivate = admin.getByRole("dialog", { name: `Desativar o acesso de ${m.name}?` });
  await expect(deactivate).toContainText("Financeiro, Secretaria");
  await deactivate.getByRole("button", { name: "Cancelar" }).click();
  await expect(deactivate).toBeHidden();

  await row.getByRole("button", { name: `Redefinir senha de ${m.name}` }).click();
  const reset = admin.getByRole("dialog", { name: `Redefinir a senha de ${m.name}?` });
  await expect(reset).toContainText("sessões abertas são encerradas");
  await reset.getByRole("button", { name: "Cancelar" }).click();
  await expect(reset).toBeHidden();

  await row.getByRole("button", { name: `Remover papel Financeiro de ${m.name}` }).click();
  const remove = admin.getByRole("dialog", { name: `Remover o papel Financeiro de ${m.name}?` });
  await expect(remove).toContainText("continua com Secretaria");
  await remove.getByRole("button", { name: "Cancelar" }).click();

  expect(await m.active()).toEqual(["financeiro", "secretaria"]);
  const [{ password_hash }] = await db`select password_hash from users where id = ${m.id}`;
  expect(password_hash).toBe(m.hash);
  await expect(admin.getByTestId("temp-password")).toHaveCount(0);
});

test("a flags save that unblocks students says how many first; cancelled, nothing is saved", async ({ browser, db }) => {
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await db`insert into tenants (slug, name) values (${`e2e-conf-${tag}`}, ${`Escola Confirmação ${tag}`}) returning id`;
  await db`update system_config set value = 'true'::jsonb where tenant_id = ${tenant.id}
    and key = 'rematricula.inadimplencia.enabled'`;
  const email = `admin-conf-${tag}@e2e.demo`;
  const [user] = await db`insert into users (email, name, password_hash)
    values (${email}, ${`Admin Confirmação ${tag}`}, ${await hash(DEMO_PASSWORD)}) returning id`;
  await db`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, 'admin')`;
  for (const nome of [`Ana Conf ${tag}`, `Beto Conf ${tag}`]) {
    await db`insert into alunos (tenant_id, nome, serie, turma, ano_letivo) values (${tenant.id}, ${nome}, '5º ano', 'A', 2026)`;
    await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
      values (${tenant.id}, ${`C-${randomUUID().slice(0, 6)}`}, ${nome}, 2, 'e2e')`;
  }
  const enabled = async () => (await db`select value from system_config where tenant_id = ${tenant.id}
    and key = 'rematricula.inadimplencia.enabled'`)[0].value;

  const admin = await signedIn(browser, email);
  await admin.goto("/admin/configuracoes");
  await admin.getByLabel("Verificar inadimplência na rematrícula").uncheck();
  await admin.getByRole("button", { name: "Salvar configurações" }).click();
  const dialog = admin.getByRole("dialog", { name: "Salvar muda quem está bloqueado" });
  await expect(dialog.getByTestId("flags-effect")).toHaveText("2 alunos deixam de ser bloqueados agora.");
  expect(await axeViolations(admin)).toEqual([]);
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await expect(dialog).toBeHidden();
  expect(await enabled()).toBe(true);
  await expect(admin.getByRole("status").filter({ hasText: "Configurações salvas" })).toHaveCount(0);
  await admin.reload();
  await expect(admin.getByLabel("Verificar inadimplência na rematrícula")).toBeChecked();
});

test("a page a role cannot open says which role would open it", async ({ browser }) => {
  const fin = await signedIn(browser, "financeiro@pelicano.demo");
  await fin.goto("/admin/configuracoes");
  await expect(fin).toHaveURL(/\/sem-acesso\?para=config$/);
  await expect(fin.getByTestId("sem-acesso-papeis")).toContainText("só abre para o papel Administrador");
});

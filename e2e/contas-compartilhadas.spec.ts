import { hash } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import type { Sql } from "postgres";
import { expect, loginAs, tenantId, test } from "./fixtures";

// Issue 15, replayed as an attacker would: school B (Aurora) deactivates its
// secretaria; school A's (Pelicano's) admin adds her e-mail, which used to
// attach her account, and "Redefinir senha" then handed A a password for her.
// Then: sessions that really end when "Sair", a password change elsewhere or
// a deactivation says so.

/** A person with a password of their own and the given memberships, unique to this test. */
async function person(db: Sql, roles: [slug: string, role: string][], label: string) {
  const tag = randomUUID().slice(0, 8);
  const email = `${label}.${tag}@e2e.demo`;
  const password = `senha-propria-${tag}`;
  const name = `${label === "ex" ? "Secretária Sigilosa" : "Pessoa"} ${tag}`;
  const [u] = await db`insert into users (email, name, phone, password_hash)
    values (${email}, ${name}, '11 97777-0000', ${await hash(password)}) returning id, password_hash`;
  for (const [slug, role] of roles) {
    await db`insert into memberships (tenant_id, user_id, role) values (${await tenantId(db, slug)}, ${u.id}, ${role})`;
  }
  return { id: u.id as string, email, password, name, hash: u.password_hash as string };
}

async function signedIn(browser: Browser, email: string, password?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** The row of a member in /admin/usuarios, by a text only that row holds. */
const memberRow = (page: Page, text: string) => page.getByTestId("member-row").filter({ hasText: text });

test("a conta que a escola B desativou não é tomada pela escola A: só um convite, aceito pela pessoa", async ({ browser, db }) => {
  // Three people sign in and act in turn: longer than one page's budget on a busy machine.
  test.setTimeout(180_000);
  const her = await person(db, [["aurora", "secretaria"]], "ex");

  // School B deactivates her.
  const adminB = await signedIn(browser, "admin@aurora.demo");
  await adminB.goto("/admin/usuarios");
  await memberRow(adminB, her.email).getByRole("button", { name: "Desativar acesso" }).click();
  await adminB.getByRole("dialog").getByRole("button", { name: "Desativar acesso" }).click();
  // Deactivated, she stays identifiable to the admin who did it, without a role.
  await expect(memberRow(adminB, her.email)).toContainText("Sem papel");

  // School A's admin adds her e-mail: an invitation, and nothing of her.
  const adminA = await signedIn(browser, "admin@pelicano.demo");
  await adminA.goto("/admin/usuarios");
  await adminA.getByLabel("E-mail").fill(her.email);
  await adminA.getByLabel("Nome", { exact: true }).fill("Nome Que A Digitou");
  await adminA.getByLabel("Papel", { exact: true }).selectOption({ label: "Secretaria" });
  await adminA.getByRole("button", { name: "Adicionar", exact: true }).click();
  await expect(adminA.getByRole("status").filter({ hasText: "enviamos um convite" })).toBeVisible();
  await expect(adminA.getByTestId("temp-password")).toHaveCount(0);
  await adminA.reload();
  await expect(adminA.getByTestId("pending-invitations")).toContainText(her.email);
  await expect(memberRow(adminA, her.email)).toHaveCount(0);
  await expect(adminA.locator("body")).not.toContainText(her.name);
  await expect(adminA.locator("body")).not.toContainText("97777");
  // No membership in A, no new password: there is no row to reset, and the database agrees.
  const pelicano = await tenantId(db, "pelicano");
  expect(await db`select role from memberships where tenant_id = ${pelicano} and user_id = ${her.id}`).toHaveLength(0);

  // She signs in with her own password and accepts.
  const she = await signedIn(browser, her.email, her.password);
  await she.getByRole("link", { name: "Convites (1)" }).click();
  await expect(she.getByTestId("invitation")).toContainText("Colégio Pelicano convidou você como Secretaria");
  await she.getByRole("button", { name: "Aceitar" }).click();
  await expect(she).toHaveURL(/\/rematricula$/);
  await expect(she.getByTestId("school-name")).toHaveText("Colégio Pelicano");

  // Only now is she A's member, with her own password unchanged…
  expect(await db`select role, active from memberships where tenant_id = ${pelicano} and user_id = ${her.id}`)
    .toEqual([{ role: "secretaria", active: true }]);
  const [{ password_hash: after }] = await db`select password_hash from users where id = ${her.id}`;
  expect(after).toBe(her.hash);
  // …and A still cannot reset it: school B relies on the account too.
  await adminA.reload();
  const row = memberRow(adminA, her.email);
  await expect(row).toContainText(her.name);
  await row.getByRole("button", { name: "Redefinir senha" }).click();
  await adminA.getByRole("dialog").getByRole("button", { name: "Redefinir senha" }).click();
  await expect(row.getByRole("alert")).toHaveText("Só o suporte da plataforma pode redefinir a senha desta conta.");
  await expect(adminA.getByTestId("temp-password")).toHaveCount(0);
  const [{ password_hash: still }] = await db`select password_hash from users where id = ${her.id}`;
  expect(still).toBe(her.hash);
  await Promise.all([adminA, adminB, she].map((p) => p.context().close()));
});

test("um cookie guardado antes de Sair é recusado depois", async ({ browser, db }) => {
  const u = await person(db, [["pelicano", "secretaria"]], "sair");
  const page = await signedIn(browser, u.email, u.password);
  const saved = await page.context().cookies();
  await page.getByRole("button", { name: "Sair" }).click();
  await expect(page).toHaveURL(/\/login$/);

  const replay = await browser.newContext();
  await replay.addCookies(saved);
  const thief = await replay.newPage();
  await thief.goto("/rematricula");
  await expect(thief).toHaveURL(/\/login/);
  // The list as a file, too.
  expect((await replay.request.get("/rematricula/exportar?situacao=bloqueado")).status()).toBe(401);
  await Promise.all([page.context().close(), replay.close()]);
});

test("um cookie de um navegador é recusado depois que a senha é trocada em outro", async ({ browser, db }) => {
  const u = await person(db, [["pelicano", "secretaria"]], "senha");
  const first = await signedIn(browser, u.email, u.password);
  await first.goto("/rematricula");
  await expect(first.getByTestId("user-name")).toHaveText(u.name);

  const second = await signedIn(browser, u.email, u.password);
  await second.goto("/conta/senha");
  await second.getByLabel("Senha atual").fill(u.password);
  await second.getByLabel("Nova senha (mínimo 10 caracteres)").fill(`${u.password}-nova`);
  await second.getByLabel("Repita a nova senha").fill(`${u.password}-nova`);
  await second.getByRole("button", { name: "Alterar senha" }).click();
  await expect(second).toHaveURL(/\/rematricula$/);
  // The browser that changed it goes on; the other one is out.
  await second.reload();
  await expect(second.getByTestId("user-name")).toHaveText(u.name);
  await first.goto("/rematricula");
  await expect(first).toHaveURL(/\/login/);
  await Promise.all([first.context().close(), second.context().close()]);
});

test("a desativação vale na próxima requisição", async ({ browser, db }) => {
  const u = await person(db, [["aurora", "secretaria"]], "desativada");
  const page = await signedIn(browser, u.email, u.password);
  await page.goto("/rematricula");
  await expect(page.getByTestId("user-name")).toHaveText(u.name);

  const admin = await signedIn(browser, "admin@aurora.demo");
  await admin.goto("/admin/usuarios");
  await memberRow(admin, u.email).getByRole("button", { name: "Desativar acesso" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Desativar acesso" }).click();
  await expect(memberRow(admin, u.email)).toContainText("Sem papel");

  await page.goto("/rematricula");
  await expect(page).toHaveURL(/\/login/);
  await Promise.all([page.context().close(), admin.context().close()]);
});

test("Sair em todos os dispositivos encerra as outras sessões também", async ({ browser, db }) => {
  const u = await person(db, [["pelicano", "secretaria"]], "todos");
  const [a, b] = [await signedIn(browser, u.email, u.password), await signedIn(browser, u.email, u.password)];
  await a.goto("/conta/senha");
  await a.getByRole("button", { name: "Sair em todos os dispositivos" }).click();
  await expect(a).toHaveURL(/\/login$/);
  await b.goto("/rematricula");
  await expect(b).toHaveURL(/\/login/);
  await Promise.all([a.context().close(), b.context().close()]);
});

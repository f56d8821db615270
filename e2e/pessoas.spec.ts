import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

// The Pelicano admin runs the school's people: every test makes its own people
// and students (unique names and e-mails), so parallel specs never collide.

async function signInAsAdmin(page: Page) {
  await loginAs(page, "admin@pelicano.demo");
  await page.waitForURL("**/rematricula");
}

async function addMember(page: Page, email: string, name: string, role: string) {
  await page.goto("/admin/usuarios");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Papel", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Adicionar", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: email })).toBeVisible();
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("o admin adiciona uma secretaria, que entra com a senha temporária, troca a senha e chega à rematrícula", async ({ page, browser }) => {
  const tag = randomUUID().slice(0, 8);
  const email = `secretaria.${tag}@pelicano.demo`;
  await signInAsAdmin(page);
  await addMember(page, email, `Secretária ${tag}`, "Secretaria");
  const temp = (await page.getByTestId("temp-password").textContent())?.trim() ?? "";
  expect(temp).toMatch(/^[A-Za-z0-9]{14}$/);
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Secretaria");

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await loginAs(newcomer, email, temp);
  await expect(newcomer).toHaveURL(/\/conta\/senha$/);
  // Nothing else is open until the password is changed.
  await newcomer.goto("/rematricula");
  await expect(newcomer).toHaveURL(/\/conta\/senha$/);
  await newcomer.getByLabel("Senha atual").fill(temp);
  await newcomer.getByLabel("Nova senha (mínimo 10 caracteres)").fill(`nova-senha-${tag}`);
  await newcomer.getByLabel("Repita a nova senha").fill(`nova-senha-${tag}`);
  await newcomer.getByRole("button", { name: "Alterar senha" }).click();
  await expect(newcomer).toHaveURL(/\/rematricula$/);
  await expect(newcomer.getByTestId("user-name")).toHaveText(`Secretária ${tag}`);
  // A secretaria has no admin area: the users page is "sem acesso".
  await newcomer.goto("/admin/usuarios");
  await expect(newcomer).toHaveURL(/\/sem-acesso(\?|$)/);
  await context.close();
});

test("o admin cadastra um aluno com matrícula, que aparece na busca da rematrícula pelo nome e pelo código", async ({ page }) => {
  const nome = `Aluno Cadastro ${randomUUID().slice(0, 8)}`;
  // Leading zeros, unique per run in the demo school.
  const codigo = `00${Date.now().toString().slice(-9)}`;
  await signInAsAdmin(page);
  await page.goto("/admin/alunos");
  await page.getByText("Cadastrar aluno").click();
  await page.getByLabel("Nome do aluno").fill(nome);
  await page.getByLabel("CPF", { exact: true }).fill("abc");
  await page.getByRole("button", { name: "Cadastrar" }).click();
  await expect(page.getByText("CPF inválido")).toBeVisible();
  // What was typed is kept after the error.
  await expect(page.getByLabel("Nome do aluno")).toHaveValue(nome);
  await page.getByLabel("CPF", { exact: true }).fill("");
  await page.getByLabel("Matrícula (código na escola)").fill(` ${codigo} `);
  await page.getByLabel("Série").fill("6º ano");
  await page.getByRole("button", { name: "Cadastrar" }).click();
  await expect(page.getByRole("status").filter({ hasText: nome })).toBeVisible();

  await page.goto(`/rematricula?q=${encodeURIComponent(nome)}`);
  await expect(page.getByRole("row").filter({ hasText: nome })).toHaveCount(1);
  await page.goto(`/rematricula?q=${codigo}`);
  const row = page.getByRole("row").filter({ hasText: nome });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(codigo);
});

test("uma pessoa que recebe o papel aluno aparece como aluno", async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const nome = `Aluna Papel ${tag}`;
  await signInAsAdmin(page);
  // The picker says the role opens no screen today, so nobody hands it out by mistake.
  await addMember(page, `aluna.${tag}@pelicano.demo`, nome, "Aluno (ainda não abre nenhuma tela)");
  await page.goto(`/admin/alunos?q=${encodeURIComponent(nome)}`);
  const row = page.getByRole("row").filter({ hasText: nome });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`aluna.${tag}@pelicano.demo`);
});

test("as páginas de usuários e de alunos não têm violações sérias de acessibilidade", async ({ page }) => {
  await signInAsAdmin(page);
  for (const path of ["/admin/usuarios", "/admin/alunos"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test("o superadmin cria uma escola com unidades e a primeira administradora", async ({ page, db }) => {
  const tag = randomUUID().slice(0, 8);
  await loginAs(page, "root@demo.demo");
  // The superadmin lands on the schools.
  await page.waitForURL("**/admin/escolas");
  await page.getByLabel("Nome da escola").fill(`Escola ${tag}`);
  await page.getByLabel("Identificador da escola").fill(`escola-${tag}`);
  await page.getByLabel("Unidades (uma por linha)").fill("Centro\nSul");
  await page.getByLabel("E-mail do primeiro administrador").fill(`diretora.${tag}@escola.demo`);
  await page.getByLabel("Nome do primeiro administrador").fill(`Diretora ${tag}`);
  await page.getByRole("button", { name: "Criar escola" }).click();
  await expect(page.getByTestId("temp-password")).toHaveText(/^[A-Za-z0-9]{14}$/);
  expect(await seriousViolations(page)).toEqual([]);
  const [row] = await db`select count(*)::int as n from unidades u join tenants t on t.id = u.tenant_id where t.slug = ${`escola-${tag}`}`;
  expect(row.n).toBe(2);
});

import { axeViolations, expect, loginAs, test } from "./fixtures";

test("um endereço que não existe mostra a página em português, com o cabeçalho e o caminho de volta", async ({ page }) => {
  await loginAs(page, "secretaria@pelicano.demo");
  await page.waitForURL("**/rematricula");
  const response = await page.goto("/rematricula-que-nao-existe");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Página não encontrada" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sair" })).toBeVisible();
  await expect(page.getByText("This page could not be found")).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "Voltar ao início" }).click();
  await page.waitForURL("**/rematricula");
});

test("um link de aluno errado diz que o aluno não foi encontrado e volta à lista", async ({ page }) => {
  await loginAs(page, "secretaria@pelicano.demo");
  await page.waitForURL("**/rematricula");
  for (const id of ["00000000-0000-4000-8000-000000000000", "nao-e-um-id"]) {
    const response = await page.goto(`/rematricula/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Aluno não encontrado" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sair" })).toBeVisible();
  }
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "Voltar à lista de alunos" }).click();
  await page.waitForURL("**/rematricula");
});

test("um registro inexistente numa tela de administração diz não encontrado, em português", async ({ page }) => {
  await loginAs(page, "admin@pelicano.demo");
  await page.waitForURL("**/rematricula");
  const response = await page.goto("/admin/inadimplentes/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Não encontrado" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Voltar ao início" })).toBeVisible();
});

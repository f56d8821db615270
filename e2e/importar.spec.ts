import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { createAluno, expect, loginAs, test } from "./fixtures";

// The finance team's real-world file: Windows-1252, semicolons, CRLF, accented names.
const FILE = path.join(import.meta.dirname, "files", "inadimplentes-excel-ptbr.csv");
// A student the file names; created in Colégio Pelicano, where the check blocks the rematrícula.
const NOME = "Maria dos Falcão Gonçalves";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function signedIn(browser: Browser, email: string, landing: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: "pt-BR" })).newPage();
  await loginAs(page, email);
  await page.waitForURL(`**${landing}`);
  return page;
}

/** Whether the secretaria's home shows the student as delinquent (the file may be re-run: every homonym is checked alike). */
async function badgeOnHome(page: Page) {
  await page.goto(`/rematricula?q=${encodeURIComponent(NOME)}`);
  const row = page.getByRole("row").filter({ hasText: NOME }).first();
  await expect(row).toBeVisible();
  return row.getByText("Inadimplente", { exact: true });
}

async function preview(page: Page) {
  await page.getByLabel("Arquivo CSV da tesouraria").setInputFiles(FILE);
  await page.getByRole("radio", { name: "Adicionar/atualizar" }).check();
  await page.getByRole("button", { name: "Pré-visualizar" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pré-visualização pronta" })).toBeVisible({ timeout: 30_000 });
}

const count = (page: Page, key: string) => page.locator(`[data-count="${key}"]`);

/**
 * Confirms the previewed file and waits for the report. Other files of the
 * suite import into the same demo school on the other worker, and an import
 * holds the school's import lock: the product then answers "Outra importação
 * desta escola está em andamento. Tente novamente em instantes.", and this does
 * what it says, as a person would.
 */
async function confirmImport(page: Page) {
  const report = page.getByRole("region", { name: "Importação concluída" });
  const busy = page.getByRole("alert").filter({ hasText: "Outra importação desta escola está em andamento" });
  for (let attempt = 0; attempt < 30; attempt++) {
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/import/commit"), { timeout: 60_000 });
    await page.getByRole("button", { name: "Confirmar importação" }).click();
    if ((await answered).status() !== 409) break;
    await expect(busy).toBeVisible();
    await page.waitForTimeout(2_000);
  }
  await expect(report).toBeVisible({ timeout: 30_000 });
  return report;
}

test("importa o CSV do Excel, bloqueia o aluno, reimporta sem mudanças e desfaz", async ({ browser, db }) => {
  test.setTimeout(180_000);
  await createAluno(db, "pelicano", { nome: NOME });
  const finance = await signedIn(browser, "financeiro@pelicano.demo", "/admin/inadimplentes");
  const secretaria = await signedIn(browser, "secretaria@pelicano.demo", "/rematricula");

  await finance.goto("/admin/inadimplentes/importar");
  await preview(finance);
  // Decoded from Windows-1252: the accents survive, no replacement characters.
  const table = finance.getByRole("table", { name: /Linhas do arquivo/ });
  await expect(table.getByRole("cell", { name: NOME, exact: true })).toBeVisible();
  await expect(table.getByRole("cell", { name: "Lúcia dos D’Ávila Nóbrega", exact: true })).toBeVisible();
  await expect(finance.getByText("\uFFFD")).toHaveCount(0);
  await expect(table.getByRole("row").filter({ hasText: NOME })).not.toContainText("Nenhum aluno");
  expect(await seriousViolations(finance)).toEqual([]);

  const report = await confirmImport(finance);
  const batchHref = await report.getByRole("link", { name: "Ver esta importação no histórico" }).getAttribute("href");
  expect(batchHref).toMatch(/^\/admin\/inadimplentes\/importacoes\/[0-9a-f-]{36}$/);
  await expect(report.getByRole("definition").first()).not.toHaveText("0");

  await expect(await badgeOnHome(secretaria)).toBeVisible();

  // The same file again changes nothing.
  await report.getByRole("button", { name: "Importar outro arquivo" }).click();
  await preview(finance);
  await expect(count(finance, "new")).toHaveText("0");
  await expect(count(finance, "updated")).toHaveText("0");
  await confirmImport(finance);
  const second = await finance.getByRole("link", { name: "Ver esta importação no histórico" }).getAttribute("href");
  expect(second).not.toBe(batchHref);

  // Undoing the first batch works even after the second one: that one touched no row.
  await finance.goto(batchHref!);
  await finance.getByRole("button", { name: "Desfazer importação" }).click();
  await finance.getByRole("button", { name: "Sim, desfazer" }).click();
  await expect(finance.getByRole("status").filter({ hasText: "Importação desfeita" })).toBeVisible({ timeout: 30_000 });

  await expect(await badgeOnHome(secretaria)).toHaveCount(0);

  await finance.goto("/admin/inadimplentes/importacoes");
  await expect(finance.getByRole("heading", { name: "Importações" })).toBeVisible();
  await expect(finance.getByRole("row").filter({ hasText: "Desfeita em" }).first()).toBeVisible();
  expect(await seriousViolations(finance)).toEqual([]);
});

test("a secretaria não chega à importação", async ({ page }) => {
  await loginAs(page, "secretaria@pelicano.demo");
  await page.waitForURL("**/rematricula");
  await page.goto("/admin/inadimplentes/importar");
  await expect(page).toHaveURL(/\/sem-acesso/);
  const answer = await page.request.post("/api/import/preview", {
    multipart: { mode: "upsert", file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a\n1\n") } },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(answer.status()).toBe(403);
});

test("colunas desconhecidas pedem o mapeamento; substituir a lista pede confirmação (sem gravar)", async ({ page }) => {
  await loginAs(page, "financeiro@pelicano.demo");
  await page.waitForURL("**/admin/inadimplentes");
  await page.goto("/admin/inadimplentes/importar");
  const file = { name: "exportacao.csv", mimeType: "text/csv", buffer: Buffer.from("Campo A;Campo B;Campo C\r\n007;Ana Teste Mapeamento;10,50\r\n") };
  await page.getByLabel("Arquivo CSV da tesouraria").setInputFiles(file);
  await page.getByRole("radio", { name: "Substituir a lista" }).check();
  await page.getByRole("button", { name: "Pré-visualizar" }).click();

  const mapping = page.getByRole("form", { name: "Indique as colunas do arquivo" });
  await expect(mapping).toBeVisible({ timeout: 30_000 });
  await mapping.getByRole("button", { name: "Pré-visualizar com estas colunas" }).click();
  await expect(mapping.getByRole("alert")).toContainText("Nome do aluno");
  expect(await seriousViolations(page)).toEqual([]);
  await mapping.getByLabel(/Nome do aluno/).selectOption({ label: "Campo B" });
  await mapping.getByLabel("Código").selectOption({ label: "Campo A" });
  await mapping.getByRole("button", { name: "Pré-visualizar com estas colunas" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Pré-visualização pronta" })).toBeVisible({ timeout: 30_000 });
  const table = page.getByRole("table", { name: /Linhas do arquivo/ });
  await expect(table.getByRole("row").filter({ hasText: "Ana Teste Mapeamento" })).toContainText("007");
  await page.getByLabel("Mostrar").selectOption({ label: "Sem correspondência" });
  await expect(table.getByRole("row").filter({ hasText: "Ana Teste Mapeamento" })).toContainText("Nenhum aluno");
  await page.getByLabel("Mostrar").selectOption({ label: "Homônimos" });
  await expect(table.getByText("Nenhuma linha neste filtro.")).toBeVisible();

  // Replacing the list would unblock everyone else on it: a second, explicit step, cancelled here.
  await page.getByRole("button", { name: "Confirmar importação" }).click();
  const confirm = page.getByRole("group", { name: "Confirmar substituição" });
  await expect(confirm).toContainText("serão desativados");
  await confirm.getByRole("button", { name: "Cancelar" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Importação concluída" })).toHaveCount(0);
});

test("o relatório baixa as linhas inválidas em CSV", async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  await loginAs(page, "financeiro@pelicano.demo");
  await page.waitForURL("**/admin/inadimplentes");
  await page.goto("/admin/inadimplentes/importar");
  await page.getByLabel("Arquivo CSV da tesouraria").setInputFiles({
    name: `erros-${tag}.csv`, mimeType: "text/csv",
    buffer: Buffer.from(`codigo_inadim;student_name;meses_inadim\r\nE-${tag};Aluno Erro ${tag};2\r\nF-${tag};;3\r\n`),
  });
  await page.getByRole("button", { name: "Pré-visualizar" }).click();
  await expect(page.locator('[data-count="invalid"]')).toHaveText("1", { timeout: 30_000 });
  await page.getByRole("button", { name: "Confirmar importação" }).click();
  const report = page.getByRole("region", { name: "Importação concluída" });
  await expect(report).toBeVisible({ timeout: 30_000 });

  const [download] = await Promise.all([page.waitForEvent("download"), report.getByRole("link", { name: "Baixar erros (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^importacao-[0-9a-f]{8}-erros\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv).toMatch(/^\uFEFFlinha;tipo;motivo\r\n3;/);
});

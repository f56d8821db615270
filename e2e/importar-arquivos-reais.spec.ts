import path from "node:path";
import { expect, loginAs, test } from "./fixtures";

// Files as other systems export them: the mapping step starts from what was
// recognised, and a report's titles and totals are skipped with a warning.

const REPORT = path.join(import.meta.dirname, "..", "tests", "import", "corpus", "report-title-footer.csv");

test.beforeEach(async ({ page }) => {
  await loginAs(page, "financeiro@pelicano.demo");
  await page.waitForURL("**/admin/inadimplentes");
  await page.goto("/admin/inadimplentes/importar");
});

test("o mapeamento começa pelas colunas reconhecidas; uma reconhecida deixada de fora aparece nos avisos", async ({ page }) => {
  const csv = "Código;Nome completo;Meses\r\n008;Bruno Teste Colunas;3\r\n";
  await page.getByLabel("Arquivo CSV da tesouraria").setInputFiles({ name: "colunas.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Pré-visualizar" }).click();

  const mapping = page.getByRole("form", { name: "Indique as colunas do arquivo" });
  await expect(mapping).toBeVisible({ timeout: 30_000 });
  await expect(mapping.getByLabel("Código")).toHaveValue("0");
  await expect(mapping.getByLabel("Meses em atraso")).toHaveValue("2");
  await expect(mapping.getByLabel(/Nome do aluno/)).toHaveValue("");
  await mapping.getByLabel(/Nome do aluno/).selectOption({ label: "Nome completo" });
  await mapping.getByLabel("Meses em atraso").selectOption({ label: "— não importar —" });
  await mapping.getByRole("button", { name: "Pré-visualizar com estas colunas" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Pré-visualização pronta" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Avisos" })).toContainText(
    "A coluna “Meses” (coluna 3) foi reconhecida como “Meses em atraso”, mas ficou como “não importar”",
  );

  await page.getByRole("button", { name: "Alterar as colunas" }).click();
  await expect(mapping).toBeVisible();
  await expect(mapping.getByLabel(/Nome do aluno/)).toHaveValue("1");
  await expect(mapping.getByLabel("Meses em atraso")).toHaveValue("");
});

test("um relatório exportado: títulos, quebra de página e totais são avisos, não alunos nem linhas inválidas", async ({ page }) => {
  await page.getByLabel("Arquivo CSV da tesouraria").setInputFiles(REPORT);
  await page.getByRole("button", { name: "Pré-visualizar" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pré-visualização pronta: 4 linha(s) válida(s)" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.locator('[data-count="invalid"]')).toHaveText("0");
  const warnings = page.getByRole("list", { name: "Avisos" });
  await expect(warnings.getByRole("listitem")).toHaveCount(7);
  await expect(warnings).toContainText("Linha 14: Linha de total ou rodapé do relatório, ignorada: “Total: 4 alunos”.");
  await expect(warnings).toContainText("Linha 1: Acima do cabeçalho");
});

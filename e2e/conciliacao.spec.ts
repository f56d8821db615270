import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { addInadimplente, createAluno, expect, loginAs, seriousViolations, test } from "./fixtures";

// Issue 16: the match report shows a list row that matches no student, finance
// links it to the right student from there, and from then on that student is
// blocked — on the secretaria's screens, whatever the names say.

const FINANCEIRO = "financeiro@pelicano.demo";
const SECRETARIA = "secretaria@pelicano.demo";
const BANNER = "Verificar situação com a Tesouraria";

async function signIn(page: Page, email: string, landing: string) {
  await loginAs(page, email);
  await page.waitForURL(`**${landing}`);
}

test("conciliação: um registro sem aluno é vinculado pelo relatório e passa a bloquear o aluno", async ({ page, browser, db }) => {
  // Two people sign in, one after the other, on a shared machine.
  test.slow();
  const tag = randomUUID().slice(0, 6).toUpperCase();
  // The name on finance's file is not the school's spelling of the student: no match by name.
  const aluno = await createAluno(db, "pelicano", { nome: `Aluna Conciliada ${tag}` });
  const matricula = `E2E${tag}`;
  await db`update alunos set matricula = ${matricula} where id = ${aluno.id}`;
  const listed = `Aluna Conciliada Errada ${tag}`;
  await addInadimplente(db, "pelicano", listed);

  await signIn(page, FINANCEIRO, "/admin/inadimplentes");
  await page.getByRole("link", { name: "Conciliação" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Conciliação com os alunos" })).toBeVisible();
  const filter = page.getByRole("link", { name: /Registros ativos sem nenhum aluno correspondente/ });
  await expect(filter).toHaveAttribute("aria-current", "page");
  const unmatched = Number(await page.getByTestId("conciliacao-sem_aluno").textContent());
  expect(unmatched).toBeGreaterThan(0);
  const row = page.getByRole("row").filter({ hasText: listed });
  await expect(row).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);

  await row.getByRole("link", { name: "Vincular a um aluno" }).click();
  await expect(page.getByRole("heading", { level: 1, name: listed })).toBeVisible();
  const section = page.getByRole("region", { name: "Aluno vinculado" });
  await expect(section).toContainText("nenhum aluno da escola corresponde a ele");
  // The search came filled with the listed name, which finds nobody; the code finds the student.
  await expect(section.getByRole("status").filter({ hasText: "Nenhum aluno encontrado." })).toBeVisible();
  await section.getByLabel("Buscar aluno pelo nome ou matrícula").fill(matricula);
  await section.getByRole("button", { name: "Buscar aluno" }).click();
  const result = section.getByRole("listitem").filter({ hasText: aluno.nome });
  await expect(result).toContainText(`matrícula ${matricula}`);
  expect(await seriousViolations(page)).toEqual([]);
  await result.getByRole("button", { name: "Vincular" }).click();
  await expect(section.getByRole("status").filter({ hasText: `Vinculado a ${aluno.nome}` })).toBeVisible();
  await page.reload();
  await expect(section).toContainText(`Vinculado a ${aluno.nome}`);
  await expect(page.getByRole("region", { name: "Histórico" }).locator("ol > li").first()).toContainText("Vínculo com aluno");

  // The row left the report's unmatched rows.
  await page.goto("/admin/inadimplentes/conciliacao?filtro=sem_aluno");
  await expect(page.getByRole("row").filter({ hasText: listed })).toHaveCount(0);

  // The secretaria now finds the student blocked, though no listed name is theirs.
  const other = await browser.newContext();
  const secretaria = await other.newPage();
  await signIn(secretaria, SECRETARIA, "/rematricula");
  await secretaria.goto(`/rematricula/${aluno.id}`);
  await expect(secretaria.getByRole("alert").filter({ hasText: BANNER })).toBeVisible();
  const finalize = secretaria.getByRole("button", { name: "Finalizar rematrícula" });
  if (await finalize.count()) await expect(finalize).toBeDisabled();
  await other.close();
});

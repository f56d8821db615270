import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  addInadimplente, rematriculaEventCount, createAluno, expect, loginAs, rematriculaCount, test,
} from "./fixtures";

// Colégio Pelicano runs the check with server enforcement; Escola Aurora has it off.
const PELICANO = "secretaria@pelicano.demo";
const AURORA = "secretaria@aurora.demo";
const BANNER = "Verificar situação com a Tesouraria";
const FINALIZE = "Finalizar rematrícula";
// Next's route announcer is a role="alert" too: always pick the alert by its text.
const bannerAlert = (page: Page) => page.getByRole("alert").filter({ hasText: BANNER });

async function signIn(page: Page, email: string) {
  await loginAs(page, email);
  await page.waitForURL("**/rematricula");
}

/** The home filtered down to one fresh student (the demo schools have hundreds). */
async function searchFor(page: Page, nome: string) {
  await page.goto(`/rematricula?q=${encodeURIComponent(nome)}`);
  const row = page.getByRole("row").filter({ hasText: nome });
  await expect(row).toHaveCount(1);
  return row;
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe("rematrícula com verificação de inadimplência ligada (Colégio Pelicano)", () => {
  test("aluno inadimplente: selo, Iniciar desabilitado com o motivo na linha; o nome abre a página com o aviso e o contato", async ({ page, db }) => {
    const aluno = await createAluno(db, "pelicano");
    await addInadimplente(db, "pelicano", aluno.nome);
    await signIn(page, PELICANO);
    const row = await searchFor(page, aluno.nome);

    await expect(row.getByText("Inadimplente", { exact: true })).toBeVisible();
    const start = row.getByRole("button", { name: "Iniciar" });
    await expect(start).toBeDisabled();
    await expect(start).toHaveAttribute("aria-disabled", "true");
    await expect(row.getByRole("link", { name: /Iniciar/ })).toHaveCount(0);

    // The reason is on the row itself, readable without hovering (a phone has no hover).
    await expect(row.getByTestId("blocked-reason")).toHaveText(BANNER);
    await expect(start).toHaveAccessibleDescription(BANNER);
    // The name opens the student's page, blocked or not.
    await row.getByRole("link", { name: aluno.nome }).click();
    await expect(page.getByRole("heading", { name: aluno.nome })).toBeVisible();
    await expect(page.locator("#bloqueio-inadimplencia")).toHaveText(BANNER);
    // The guardian's contact, for the front desk to call.
    await db`update alunos set responsavel_telefone = '(11) 97777-1234' where id = ${aluno.id}`;
    await page.reload();
    await expect(page.getByText(aluno.responsavel, { exact: true })).toBeVisible();
    await expect(page.getByText("(11) 97777-1234", { exact: true })).toBeVisible();
  });

  test("link direto para o detalhe de um inadimplente mostra o aviso e nenhuma ação", async ({ page, db }) => {
    const aluno = await createAluno(db, "pelicano");
    await addInadimplente(db, "pelicano", aluno.nome);
    await signIn(page, PELICANO);
    await page.goto(`/rematricula/${aluno.id}`);

    await expect(page.getByRole("heading", { name: aluno.nome })).toBeVisible();
    await expect(bannerAlert(page)).toBeVisible();
    const finalize = page.getByRole("button", { name: FINALIZE });
    if (await finalize.count()) await expect(finalize).toBeDisabled();
    await expect(page.getByRole("link", { name: "Voltar" })).toHaveAttribute("href", "/rematricula");
  });

  test("aluno entra na lista com o detalhe aberto: o servidor recusa e registra a tentativa", async ({ page, db }) => {
    const aluno = await createAluno(db, "pelicano");
    await signIn(page, PELICANO);
    await page.goto(`/rematricula/${aluno.id}`);
    const finalize = page.getByRole("button", { name: FINALIZE });
    await expect(finalize).toBeEnabled();

    // The finance team adds the student after the page was rendered.
    await addInadimplente(db, "pelicano", aluno.nome);
    await finalize.click();

    await expect(bannerAlert(page)).toBeVisible();
    await expect(finalize).toBeDisabled();
    await expect(page.getByText("Rematrícula concluída")).toHaveCount(0);
    expect(await rematriculaCount(db, aluno.id)).toBe(0);
    expect(await rematriculaEventCount(db, aluno.id, "blocked")).toBe(1);
  });

  test("aluno em dia é rematriculado uma vez e aparece como Rematriculado", async ({ page, db }) => {
    const aluno = await createAluno(db, "pelicano");
    await signIn(page, PELICANO);
    const row = await searchFor(page, aluno.nome);
    await row.getByRole("link", { name: /Iniciar/ }).click();
    await page.waitForURL(`**/rematricula/${aluno.id}`);

    await page.getByRole("button", { name: FINALIZE }).click();
    await expect(page.getByRole("heading", { name: "Rematrícula concluída" })).toBeVisible();
    await expect(page.getByRole("button", { name: FINALIZE })).toHaveCount(0);
    expect(await rematriculaCount(db, aluno.id)).toBe(1);

    const after = await searchFor(page, aluno.nome);
    await expect(after.getByText("Rematriculado", { exact: true })).toBeVisible();
    await expect(after.getByRole("link", { name: /Iniciar/ })).toHaveCount(0);
  });

  test("aluno de outra escola e endereço inválido dão 404", async ({ page, db }) => {
    const outro = await createAluno(db, "aurora");
    await signIn(page, PELICANO);
    expect((await page.goto(`/rematricula/${outro.id}`))?.status()).toBe(404);
    await expect(page.getByText(outro.nome)).toHaveCount(0);
    expect((await page.goto("/rematricula/nao-e-um-uuid"))?.status()).toBe(404);
  });

  test("acessibilidade: início e detalhes sem violações graves", async ({ page, db }) => {
    const devedor = await createAluno(db, "pelicano");
    await addInadimplente(db, "pelicano", devedor.nome);
    const emDia = await createAluno(db, "pelicano");
    await signIn(page, PELICANO);

    await page.goto("/rematricula");
    await expect(page.getByRole("table")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await searchFor(page, devedor.nome);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`/rematricula/${devedor.id}`);
    await expect(bannerAlert(page)).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`/rematricula/${emDia.id}`);
    await expect(page.getByRole("button", { name: FINALIZE })).toBeEnabled();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test("a paginação mantém a busca", async ({ page }) => {
  await signIn(page, PELICANO);
  // "a" is in nearly every name of the demo school: several pages.
  await page.goto("/rematricula?q=a");
  const nav = page.getByRole("navigation", { name: "Paginação" });
  await expect(nav).toContainText(/Página 1 de \d+/);
  await nav.getByRole("link", { name: "Próxima" }).click();
  await page.waitForURL(/[?&]page=2/);
  expect(new URL(page.url()).searchParams.get("q")).toBe("a");
  await expect(nav).toContainText(/Página 2 de \d+/);
  await expect(page.getByLabel("Buscar aluno, responsável ou matrícula")).toHaveValue("a");
  await nav.getByRole("link", { name: "Anterior" }).click();
  await expect(nav).toContainText(/Página 1 de \d+/);
  expect(new URL(page.url()).searchParams.get("q")).toBe("a");
});

test("com a verificação desligada (Escola Aurora) ninguém aparece como inadimplente", async ({ page, db }) => {
  const aluno = await createAluno(db, "aurora");
  await addInadimplente(db, "aurora", aluno.nome);
  await signIn(page, AURORA);
  const row = await searchFor(page, aluno.nome);

  await expect(row.getByText("Inadimplente", { exact: true })).toHaveCount(0);
  await expect(row.getByRole("link", { name: /Iniciar/ })).toHaveAttribute("href", `/rematricula/${aluno.id}`);
});

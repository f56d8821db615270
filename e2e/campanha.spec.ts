import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { addInadimplente, createAluno, expect, loginAs, test } from "./fixtures";

const SECRETARIA = "secretaria@pelicano.demo";
const ADMIN = "admin@pelicano.demo";

async function signIn(page: Page, email: string) {
  await loginAs(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A série no other test uses: its counts move only with this test's student. */
const uniqueSerie = () => `Série E2E ${randomUUID().slice(0, 6)}`;

/** The numbers of one série in the progress panel's table, as text. */
async function serieNumbers(page: Page, serie: string): Promise<Locator> {
  await page.goto("/rematricula/progresso");
  const row = page.getByRole("table", { name: /Por série/ }).getByRole("row").filter({ hasText: serie });
  await expect(row).toHaveCount(1);
  return row.getByRole("cell");
}

test("secretaria filtra por unidade e série, rematricula e vê o progresso; o admin cancela e o aluno volta a pendente", async ({ page, db }) => {
  const serie = uniqueSerie();
  const aluno = await createAluno(db, "pelicano", { unidade: "Centro", serie });
  await signIn(page, SECRETARIA);

  await expect(await serieNumbers(page, serie)).toHaveText(["0", "1", "0"]);
  await expect(page.getByRole("img", { name: /Por série/ })).toBeVisible();

  await page.goto("/rematricula");
  await page.getByLabel("Unidade").selectOption("Centro");
  await page.getByLabel("Série").selectOption(serie);
  await page.getByRole("button", { name: "Filtrar" }).click();
  await page.waitForURL((url) => url.searchParams.get("serie") === serie && url.searchParams.get("unidade") === "Centro");
  const counts = page.getByTestId("campaign-counts");
  await expect(counts.getByText("Total", { exact: true }).locator("..")).toContainText("1");
  // The filtered view survives a reload: it lives in the URL.
  await page.reload();
  await expect(page.getByLabel("Série")).toHaveValue(serie);
  const row = page.getByRole("row").filter({ hasText: aluno.nome });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Pendente");

  const csv = await page.request.get(`/rematricula/exportar?unidade=Centro&serie=${encodeURIComponent(serie)}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`${aluno.nome};${aluno.responsavel};Centro;${serie};A;Ativo;Pendente`);

  await row.getByRole("link", { name: /Iniciar/ }).click();
  await page.waitForURL(`**/rematricula/${aluno.id}`);
  await page.getByRole("button", { name: "Finalizar rematrícula" }).click();
  await expect(page.getByRole("heading", { name: "Rematrícula concluída" })).toBeVisible();
  // The secretaria may not cancel: no form for her.
  await expect(page.getByRole("button", { name: "Cancelar rematrícula" })).toHaveCount(0);

  await expect(await serieNumbers(page, serie)).toHaveText(["1", "0", "0"]);

  await page.getByRole("button", { name: "Sair" }).click();
  await page.waitForURL("**/login");
  await signIn(page, ADMIN);
  await page.goto(`/rematricula/${aluno.id}`);
  await page.getByRole("button", { name: "Cancelar rematrícula" }).click();
  // The reason is required: the browser stops the empty form.
  await expect(page.getByRole("heading", { name: "Rematrícula concluída" })).toBeVisible();
  await page.getByLabel("Motivo do cancelamento").fill("Família pediu transferência para outra cidade");
  await page.getByRole("button", { name: "Cancelar rematrícula" }).click();
  await expect(page.getByRole("heading", { name: "Rematrícula cancelada" })).toBeVisible();
  await expect(page.getByText("Motivo: Família pediu transferência para outra cidade")).toBeVisible();
  await expect(page.getByRole("button", { name: "Finalizar rematrícula" })).toBeEnabled();

  await page.goto(`/rematricula?unidade=Centro&serie=${encodeURIComponent(serie)}&situacao=pendente`);
  const again = page.getByRole("row").filter({ hasText: aluno.nome });
  await expect(again).toContainText("Pendente");
  await expect(again).toContainText("Rematrícula cancelada");
  await expect(again.getByRole("link", { name: /Iniciar/ })).toBeVisible();
  await expect(await serieNumbers(page, serie)).toHaveText(["0", "1", "0"]);
});

test("um aluno transferido mostra o motivo e não pode ser iniciado", async ({ page, db }) => {
  const aluno = await createAluno(db, "pelicano", { unidade: "Norte" });
  await db`update alunos set status = 'transferido' where id = ${aluno.id}`;
  await signIn(page, SECRETARIA);
  await page.goto(`/rematricula?q=${encodeURIComponent(aluno.nome)}`);
  const row = page.getByRole("row").filter({ hasText: aluno.nome });
  await expect(row).toContainText("Transferido");
  await expect(row.getByRole("link", { name: /Iniciar/ })).toHaveCount(0);
  await page.goto(`/rematricula/${aluno.id}`);
  await expect(page.getByTestId("indisponivel")).toHaveText("Aluno transferido: somente alunos ativos podem ser rematriculados.");
  await expect(page.getByRole("button", { name: "Finalizar rematrícula" })).toHaveCount(0);
});

test("acessibilidade: início com filtros e painel de progresso sem violações graves", async ({ page, db }) => {
  const devedor = await createAluno(db, "pelicano", { unidade: "Centro", serie: "7º ano" });
  await addInadimplente(db, "pelicano", devedor.nome);
  await signIn(page, SECRETARIA);
  await page.goto(`/rematricula?unidade=Centro&serie=${encodeURIComponent("7º ano")}&situacao=bloqueado`);
  await expect(page.getByRole("row").filter({ hasText: devedor.nome })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto("/rematricula/progresso");
  await expect(page.getByRole("img", { name: /Por unidade/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("parâmetros estranhos na URL dão a página normal", async ({ page }) => {
  await signIn(page, SECRETARIA);
  for (const qs of ["page=99999999999999999999", "situacao=xyz&situacao=pendente", `q=${"a".repeat(10_000)}`, "q=%00", "unidade=%00&serie=%25"]) {
    const res = await page.goto(`/rematricula?${qs}`);
    expect(res?.status(), qs).toBe(200);
    await expect(page.getByRole("heading", { name: "Rematrícula", exact: true })).toBeVisible();
  }
});

test.describe("no celular (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("cada aluno é um cartão com situação e ação visíveis, sem rolagem lateral", async ({ page, db }) => {
    const emDia = await createAluno(db, "pelicano", { nome: `Aluna Celular Com Um Nome Bem Comprido ${randomUUID().slice(0, 6)}` });
    const devedor = await createAluno(db, "pelicano");
    await addInadimplente(db, "pelicano", devedor.nome);
    await signIn(page, SECRETARIA);

    const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth === window.innerWidth);
    await page.goto("/rematricula");
    expect(await noSideScroll()).toBe(true);

    await page.goto(`/rematricula?q=${encodeURIComponent(emDia.nome)}`);
    const card = page.getByTestId("aluno-card").filter({ hasText: emDia.nome });
    // Below the filters on a phone: scrolled to vertically, never sideways.
    await card.scrollIntoViewIfNeeded();
    await expect(card.getByText("Pendente")).toBeInViewport({ ratio: 1 });
    await expect(card.getByRole("link", { name: /Iniciar/ })).toBeInViewport({ ratio: 1 });
    expect(await noSideScroll()).toBe(true);

    await page.goto(`/rematricula?q=${encodeURIComponent(devedor.nome)}`);
    const blocked = page.getByTestId("aluno-card").filter({ hasText: devedor.nome });
    await blocked.scrollIntoViewIfNeeded();
    await expect(blocked.getByText("Inadimplente", { exact: true })).toBeInViewport({ ratio: 1 });
    await expect(blocked.getByRole("button", { name: "Iniciar" })).toBeDisabled();
    expect(await noSideScroll()).toBe(true);

    await page.goto("/rematricula/progresso");
    expect(await noSideScroll()).toBe(true);
  });

  test("o gráfico de progresso fica legível: nenhum texto menor que 12 px", async ({ page }) => {
    await signIn(page, SECRETARIA);
    await page.goto("/rematricula/progresso");
    const chart = page.getByRole("img", { name: /Por série/ });
    await expect(chart).toBeVisible();
    // The SVG scales with the screen: its 13-unit text must still render at a readable size.
    const sizes = await chart.locator("text").evaluateAll((texts) =>
      texts.map((t) => ({ text: t.textContent, px: t.getBoundingClientRect().height })));
    expect(sizes.length).toBeGreaterThan(3);
    expect(sizes.filter((s) => s.px < 12)).toEqual([]);
  });
});

import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, loginAs, test } from "../fixtures";

// The screenshots kept in docs/screenshots/, written only by `npm run screenshots`
// (playwright.screenshots.config.ts): the ordinary suite never rewrites them.
// The import preview uses the README's example file (docs/exemplos), which
// names demo students, so the preview shows real matches.

const OUT = path.join(import.meta.dirname, "..", "..", "docs", "screenshots");
const EXAMPLE = path.join(import.meta.dirname, "..", "..", "docs", "exemplos", "inadimplentes-pelicano.csv");
const WIDTHS = [1366, 390] as const;

async function signIn(browser: Browser, email: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await loginAs(page, email);
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

const shot = (page: Page, name: string, width: number) =>
  page.screenshot({ path: path.join(OUT, `${name}-${width}.png`), fullPage: true });

for (const width of WIDTHS) {
  test(`screenshots at ${width} px`, async ({ browser }) => {
    test.setTimeout(180_000);
    const secretaria = await signIn(browser, "secretaria@pelicano.demo", width);
    await secretaria.goto("/rematricula");
    await expect(secretaria.getByTestId("campaign-counts")).toBeVisible();
    await shot(secretaria, "inicio-secretaria", width);

    const fin = await signIn(browser, "financeiro@pelicano.demo", width);
    await fin.goto("/admin/inadimplentes");
    await expect(fin.getByRole("table", { name: "Lista de inadimplentes" })).toBeVisible();
    await shot(fin, "inadimplentes-lista", width);
    await fin.goto("/admin/inadimplentes/importar");
    await fin.getByLabel("Arquivo CSV da tesouraria").setInputFiles(EXAMPLE);
    await fin.getByRole("radio", { name: "Adicionar/atualizar" }).check();
    await fin.getByRole("button", { name: "Pré-visualizar" }).click();
    await expect(fin.getByRole("status").filter({ hasText: "Pré-visualização pronta" })).toBeVisible({ timeout: 30_000 });
    await shot(fin, "importacao-previa", width);

    const admin = await signIn(browser, "admin@pelicano.demo", width);
    await admin.goto("/admin/usuarios");
    await expect(admin.getByRole("heading", { name: "Usuários da escola" })).toBeVisible();
    await shot(admin, "usuarios", width);
  });
}

import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

const FINANCEIRO = "financeiro@pelicano.demo";

/** A student name no other test uses, so parallel specs on the demo school never collide. */
const uniqueName = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

async function signIn(page: Page) {
  await loginAs(page, FINANCEIRO);
  await page.waitForURL("**/admin/inadimplentes");
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Creates a row through the form and lands on its page. */
async function createRow(page: Page, fields: { aluno: string; responsavel?: string; escola?: string; meses?: string }) {
  await page.goto("/admin/inadimplentes/novo");
  await page.getByLabel("Aluno").fill(fields.aluno);
  if (fields.responsavel) await page.getByLabel("Responsável").fill(fields.responsavel);
  if (fields.escola) await page.getByLabel("Unidade").fill(fields.escola);
  await page.getByLabel("Meses em atraso").fill(fields.meses ?? "3");
  await page.getByRole("button", { name: "Criar registro" }).click();
  await page.waitForURL(/\/admin\/inadimplentes\/[0-9a-f-]{36}\?salvo=/);
  await expect(page.getByRole("heading", { level: 1, name: fields.aluno })).toBeVisible();
}

// Direct entries only: each entry holds a nested list of its changed fields.
const history = (page: Page) => page.getByRole("region", { name: "Histórico" }).locator("ol > li");

test.describe("painel de inadimplentes (Tesouraria do Colégio Pelicano)", () => {
  test("criar, encontrar na lista, editar e ler o histórico", async ({ page }) => {
    const aluno = uniqueName("Aluno Painel");
    await signIn(page);
    await createRow(page, { aluno, responsavel: "Márcia Teste", escola: "Centro", meses: "2" });
    await expect(page.getByRole("status").filter({ hasText: "Registro criado." })).toBeVisible();

    // The list finds it accent- and case-insensitively.
    await page.goto(`/admin/inadimplentes?q=${encodeURIComponent(aluno.toUpperCase().replace("A", "Á"))}`);
    const link = page.getByRole("link", { name: aluno });
    await expect(link).toHaveCount(1);
    await link.click();

    await page.getByLabel("Meses em atraso").fill("7");
    await page.getByLabel("Responsável").fill("Márcia Souza");
    await page.getByRole("button", { name: "Salvar alterações" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Alterações salvas." })).toBeVisible();

    await expect(history(page)).toHaveCount(2);
    const latest = history(page).first();
    await expect(latest).toContainText("Alteração");
    await expect(latest).toContainText("Fábio Financeiro");
    await expect(latest).toContainText("Meses em atraso: 2");
    await expect(latest).toContainText("7");
    await expect(latest).toContainText("Responsável: Márcia Teste");
    await expect(history(page).last()).toContainText("Criação");
  });

  test("criar de novo o mesmo aluno com outra grafia atualiza o registro", async ({ page }) => {
    const aluno = uniqueName("José Conceição");
    await signIn(page);
    await createRow(page, { aluno, meses: "1" });
    const firstUrl = page.url().split("?")[0];
    await createRow(page, { aluno: aluno.toLowerCase().normalize("NFD").replace(/\p{M}/gu, ""), meses: "4" });
    expect(page.url().split("?")[0]).toBe(firstUrl);
    await expect(page.getByRole("status").filter({ hasText: "foi atualizado" })).toBeVisible();
  });

  test("excluir exige motivo no diálogo; restaurar devolve à lista ativa", async ({ page }) => {
    const aluno = uniqueName("Aluno Exclusão");
    await signIn(page);
    await createRow(page, { aluno });

    await page.getByRole("button", { name: "Excluir" }).click();
    const dialog = page.getByRole("dialog", { name: /Excluir/ });
    await expect(dialog).toBeVisible();
    // Without a reason the dialog does not submit: it stays open and the row stays active.
    await dialog.getByRole("button", { name: "Confirmar exclusão" }).click();
    await expect(dialog).toBeVisible();
    expect(await dialog.getByLabel("Motivo da exclusão").evaluate((el: HTMLTextAreaElement) => el.validity.valueMissing)).toBe(true);
    await dialog.getByRole("button", { name: "Cancelar" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(page.getByText("Este registro está ativo")).toBeVisible();

    await page.getByRole("button", { name: "Excluir" }).click();
    await dialog.getByLabel("Motivo da exclusão").fill("Pagamento confirmado pela Tesouraria");
    await dialog.getByRole("button", { name: "Confirmar exclusão" }).click();
    await expect(page.getByText(/Excluído em .* Motivo: Pagamento confirmado pela Tesouraria/)).toBeVisible();

    await page.goto(`/admin/inadimplentes?status=inactive&q=${encodeURIComponent(aluno)}`);
    await expect(page.getByRole("link", { name: aluno })).toHaveCount(1);
    await page.goto(`/admin/inadimplentes?q=${encodeURIComponent(aluno)}`);
    await expect(page.getByRole("link", { name: aluno })).toHaveCount(0);

    await page.goto(`/admin/inadimplentes?status=inactive&q=${encodeURIComponent(aluno)}`);
    await page.getByRole("link", { name: aluno }).click();
    await page.getByRole("button", { name: "Restaurar" }).click();
    await expect(page.getByText("Este registro está ativo")).toBeVisible();
    await expect(history(page).first()).toContainText("Restauração");
    await expect(history(page).nth(1)).toContainText("Exclusão");
    await expect(history(page).nth(1)).toContainText("Pagamento confirmado pela Tesouraria");
  });

  test("restaurar é recusado quando já existe um registro ativo igual", async ({ page }) => {
    const aluno = uniqueName("Aluno Colisão");
    await signIn(page);
    await createRow(page, { aluno });
    const oldUrl = page.url().split("?")[0];
    await page.getByRole("button", { name: "Excluir" }).click();
    await page.getByLabel("Motivo da exclusão").fill("Acordo");
    await page.getByRole("button", { name: "Confirmar exclusão" }).click();
    await expect(page.getByRole("button", { name: "Restaurar" })).toBeVisible();
    await createRow(page, { aluno });

    await page.goto(oldUrl);
    await page.getByRole("button", { name: "Restaurar" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Já existe um registro ativo para este aluno" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Restaurar" })).toBeVisible();
  });

  test("formulário com erros: mensagens junto aos campos e o que foi digitado mantido", async ({ page }) => {
    await signIn(page);
    await page.goto("/admin/inadimplentes/novo");
    await page.getByLabel("Responsável").fill("Responsável Mantido");
    await page.getByLabel("Código").fill("X".repeat(60));
    await page.getByLabel("Meses em atraso").fill("900");
    await page.getByRole("button", { name: "Criar registro" }).click();

    const aluno = page.getByLabel("Aluno");
    await expect(aluno).toHaveAttribute("aria-invalid", "true");
    await expect(aluno).toHaveAccessibleDescription("Informe o nome do aluno.");
    await expect(page.getByLabel("Código")).toHaveAccessibleDescription(/no máximo 50 caracteres/);
    await expect(page.getByLabel("Meses em atraso")).toHaveAccessibleDescription(/entre 0 e 600/);
    await expect(page.getByLabel("Responsável")).toHaveValue("Responsável Mantido");
    await expect(page.getByLabel("Meses em atraso")).toHaveValue("900");
    expect(page.url()).toContain("/admin/inadimplentes/novo");

    expect(await seriousViolations(page)).toStrictEqual([]);
  });

  test("lista, formulário e detalhe sem violações graves de acessibilidade", async ({ page }) => {
    await signIn(page);
    await page.goto("/admin/inadimplentes?sort=meses_inadim&dir=desc");
    await expect(page.getByRole("columnheader", { name: /Meses/ })).toHaveAttribute("aria-sort", "descending");
    expect(await seriousViolations(page)).toStrictEqual([]);

    await page.goto("/admin/inadimplentes/novo");
    expect(await seriousViolations(page)).toStrictEqual([]);

    await page.goto("/admin/inadimplentes");
    await page.getByRole("row").nth(1).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "Histórico" })).toBeVisible();
    expect(await seriousViolations(page)).toStrictEqual([]);
  });

  test("URLs malformadas dão a página normal ou 404, nunca erro", async ({ page }) => {
    await signIn(page);
    for (const qs of ["?page=99999999999999999999", "?page=-1&page=abc", "?q=%00", "?q=%25%25&status=x&status=y",
      `?q=${"a".repeat(10_000)}`, "?sort=senha&dir=lado", "?escola=%00%00"]) {
      const res = await page.goto(`/admin/inadimplentes${qs}`);
      expect(res?.status(), qs).toBe(200);
      await expect(page.getByRole("heading", { level: 1, name: "Inadimplentes" })).toBeVisible();
    }
    for (const id of ["nao-e-um-uuid", "00000000-0000-0000-0000-000000000000"]) {
      const res = await page.goto(`/admin/inadimplentes/${id}`);
      expect(res?.status(), id).toBe(404);
    }
    const csv = await page.request.get("/admin/inadimplentes/exportar?q=%00&page=abc&status=all");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain("codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim");
  });

  test("a secretaria não vê o painel nem exporta", async ({ page }) => {
    await loginAs(page, "secretaria@pelicano.demo");
    await page.waitForURL("**/rematricula");
    await page.goto("/admin/inadimplentes");
    await page.waitForURL(/\/sem-acesso(\?|$)/);
    // The proxy sends the secretaria to "sem acesso" before the route runs; the
    // route's own refusal (403) is what a request that got past it would meet.
    const csv = await page.request.get("/admin/inadimplentes/exportar", { maxRedirects: 0 });
    expect([307, 403]).toContain(csv.status());
    if (csv.status() === 307) expect(csv.headers().location).toContain("/sem-acesso");
    expect(await csv.text()).not.toContain("codigo_inadim");
  });
});

test.describe("ações do painel chamadas diretamente, fora da tela", () => {
  test("a exclusão reenviada pela secretaria ou por outra escola é recusada e nada muda", async ({ page, browser, db }) => {
    const aluno = uniqueName("Aluno Direto");
    await signIn(page);
    await createRow(page, { aluno });

    // Capture the real server-action request of the delete dialog without letting it run.
    let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
    await page.route("**/admin/inadimplentes/**", async (route) => {
      const req = route.request();
      if (req.method() === "POST" && req.headers()["next-action"]) {
        captured = { url: req.url(), headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await page.getByRole("button", { name: "Excluir" }).click();
    await page.getByLabel("Motivo da exclusão").fill("Tentativa por fora");
    await page.getByRole("button", { name: "Confirmar exclusão" }).click();
    await expect.poll(() => captured).toBeDefined();
    // Each replay carries the session of the context that sends it, never the captured cookie.
    const replay = (request: APIRequestContext) => {
      const { cookie: _cookie, ...headers } = captured!.headers;
      return request.post(captured!.url, { headers, data: captured!.body, maxRedirects: 0 });
    };

    const [before] = await db`select is_active, updated_at from inadimplentes where student_name = ${aluno}`;
    for (const email of ["secretaria@pelicano.demo", "admin@aurora.demo"]) {
      const ctx = await browser.newContext();
      const other = await ctx.newPage();
      await loginAs(other, email);
      await other.waitForURL((u) => !u.pathname.startsWith("/login"));
      const res = await replay(other.request);
      expect(res.status(), email).toBeLessThan(500);
      if (email.startsWith("secretaria")) {
        // Refused by the proxy's early routing (to "sem acesso") or, past it, by the action itself.
        if (res.status() === 307) expect(res.headers().location, email).toContain("/sem-acesso");
        else expect(await res.text(), email).toMatch(/FORBIDDEN/);
      } else {
        expect(await res.text(), email).toMatch(/NOT_FOUND/);
      }
      await ctx.close();
    }
    const [after] = await db`select is_active, updated_at from inadimplentes where student_name = ${aluno}`;
    expect(after).toEqual(before);
    expect(after.is_active).toBe(true);

    // The same replay by the finance user it was captured from does work: the refusals above are the server's.
    const own = await replay(page.request);
    expect(own.status()).toBe(200);
    const [done] = await db`select is_active, deleted_reason from inadimplentes where student_name = ${aluno}`;
    expect(done).toEqual({ is_active: false, deleted_reason: "Tentativa por fora" });
  });
});

import { hash } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import { createAluno, expect, loginAs, tenantId, test } from "./fixtures";

const LANDINGS: [email: string, path: string, school: string][] = [
  ["secretaria@pelicano.demo", "/rematricula", "Colégio Pelicano"],
  ["financeiro@pelicano.demo", "/admin/inadimplentes", "Colégio Pelicano"],
  ["admin@pelicano.demo", "/rematricula", "Colégio Pelicano"],
  ["secretaria@aurora.demo", "/rematricula", "Escola Aurora"],
  ["admin@aurora.demo", "/rematricula", "Escola Aurora"],
  ["root@demo.demo", "/admin/escolas", "Colégio Pelicano"],
];

for (const [email, path, school] of LANDINGS) {
  test(`${email} entra e chega em ${path}`, async ({ page }) => {
    await loginAs(page, email);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByTestId("school-name")).toHaveText(school);
    await expect(page.getByRole("button", { name: "Sair" })).toBeVisible();
  });
}

test("senha errada é recusada com a mesma mensagem que um e-mail desconhecido", async ({ page }) => {
  await loginAs(page, "secretaria@pelicano.demo", "senha-errada");
  const refused = page.getByRole("alert").filter({ hasText: "E-mail ou senha inválidos." });
  await expect(refused).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await loginAs(page, `ninguem-${randomUUID().slice(0, 6)}@pelicano.demo`, "senha-errada");
  await expect(refused).toBeVisible();
});

for (const path of ["/", "/rematricula", "/rematricula/00000000-0000-4000-8000-000000000000", "/admin/inadimplentes", "/sem-acesso"]) {
  test(`visita anônima a ${path} vai para /login`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login(\?callbackUrl=[^&]+)?$/);
    await expect(page.getByRole("button", { name: "Entrar" })).toBeVisible();
  });
}

test("Sair encerra a sessão", async ({ page }) => {
  await loginAs(page, "admin@aurora.demo");
  await expect(page).toHaveURL(/\/rematricula$/);
  await page.getByRole("button", { name: "Sair" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/rematricula");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Frematricula$/);
});

test("um link direto sobrevive ao login", async ({ page, db }) => {
  const aluno = await createAluno(db, "pelicano");
  const deepLink = `/rematricula/${aluno.id}`;
  await page.goto(deepLink);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("E-mail").fill("secretaria@pelicano.demo");
  await page.getByLabel("Senha").fill("rematricula");
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page).toHaveURL(new RegExp(`${deepLink}$`));
  await expect(page.getByRole("heading", { name: aluno.nome })).toBeVisible();
});

// "/.//…" and "/..//…" normalise to "//evil.example/x" (issue 15).
for (const evil of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/.//evil.example/x", "/..//evil.example/x"]) {
  test(`o callbackUrl ${evil} não leva para fora do site`, async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(evil)}`);
    await page.getByLabel("E-mail").fill("secretaria@pelicano.demo");
    await page.getByLabel("Senha").fill("rematricula");
    await page.getByRole("button", { name: "Entrar" }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/rematricula$/);
  });
}

test("quem já entrou e abre /login com um callbackUrl de pontos continua no site", async ({ page }) => {
  await loginAs(page, "secretaria@pelicano.demo");
  await expect(page).toHaveURL(/\/rematricula$/);
  for (const evil of ["/.//evil.example/x", "/..//evil.example/x", "/./\\evil.example/x"]) {
    const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(evil)}`, { maxRedirects: 0 });
    expect(response.status(), evil).toBe(307);
    expect(response.headers().location, evil).toBe("/");
  }
});

test("cabeçalhos de segurança em páginas e na API", async ({ request }) => {
  const page = await request.get("/login");
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  expect(page.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(page.headers()["strict-transport-security"]).toContain("max-age=");
  // A fresh nonce per request: a fixed one would be no protection.
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
  const api = await request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
});

test("multi@demo.demo troca de escola e vê os alunos da outra", async ({ page, db }) => {
  await db`update users set last_tenant_id = null where email = 'multi@demo.demo'`;
  const pelicano = await createAluno(db, "pelicano");
  const aurora = await createAluno(db, "aurora");

  await loginAs(page, "multi@demo.demo");
  await expect(page.getByTestId("school-name")).toHaveText("Colégio Pelicano");
  await page.goto(`/rematricula?q=${encodeURIComponent(pelicano.nome)}`);
  await expect(page.getByRole("cell", { name: pelicano.nome })).toBeVisible();

  await page.getByLabel("Escola").selectOption({ label: "Escola Aurora" });
  await expect(page.getByTestId("school-name")).toHaveText("Escola Aurora");
  await page.goto(`/rematricula?q=${encodeURIComponent(aurora.nome)}`);
  await expect(page.getByRole("cell", { name: aurora.nome })).toBeVisible();
  // The other school's student is not there, even when searched by name.
  await page.goto(`/rematricula?q=${encodeURIComponent(pelicano.nome)}`);
  await expect(page.getByRole("cell", { name: pelicano.nome })).toHaveCount(0);
});

test("secretaria não abre telas do financeiro", async ({ page }) => {
  await loginAs(page, "secretaria@pelicano.demo");
  await expect(page).toHaveURL(/\/rematricula$/);
  await page.goto("/admin/inadimplentes");
  await expect(page).toHaveURL(/\/sem-acesso(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sem acesso" })).toBeVisible();
});

test("um aluno com login vê a página sem acesso", async ({ page, db }) => {
  const email = `aluno-${randomUUID().slice(0, 6)}@pelicano.demo`;
  const [user] = await db`insert into users (email, name, password_hash)
    values (${email}, 'Aluno Com Login', ${await hash("senha-do-aluno")}) returning id`;
  await db`insert into memberships (tenant_id, user_id, role) values (${await tenantId(db, "pelicano")}, ${user.id}, 'aluno')`;
  await loginAs(page, email, "senha-do-aluno");
  await expect(page).toHaveURL(/\/sem-acesso(\?|$)/);
  await expect(page.getByRole("link", { name: "Rematrícula" })).toHaveCount(0);
});

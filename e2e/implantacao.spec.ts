import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { hash } from "@node-rs/argon2";
import { request as playwrightRequest, type Browser, type Page } from "@playwright/test";
import type { Sql } from "postgres";
import { descendants, startOtlpReceiver, type OtlpReceiver } from "../tests/helpers/otlp-receiver";
import { DEMO_PASSWORD, expect, loginAs, test } from "./fixtures";
import { E2E_DATABASE_URL, OPS_PORT_BASE } from "./env";
import { startInstance, type Instance } from "./ops/processes";

// Issue 19: the rollout panel walked through its three stages by an admin of a
// school of its own (so switching its flags disturbs no other spec), with the
// secretaria's screens checked against what the panel said each change would do.

async function signedIn(browser: Browser, email: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext(viewport ? { viewport } : {})).newPage();
  await loginAs(page, email);
  await page.waitForURL(/\/(rematricula|admin\/inadimplentes)$/);
  return page;
}

/** A school with everything off, an admin, a secretaria and two students on the list. */
async function schoolOff(db: Sql) {
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await db`insert into tenants (slug, name) values (${`e2e-imp-${tag}`}, ${`Escola Implantação ${tag}`}) returning id`;
  await db`insert into unidades (tenant_id, name) values (${tenant.id}, 'Sede')`;
  const passwordHash = await hash(DEMO_PASSWORD);
  const people = { admin: `admin-imp-${tag}@e2e.demo`, secretaria: `secretaria-imp-${tag}@e2e.demo` };
  for (const [role, email] of Object.entries(people)) {
    const [user] = await db`insert into users (email, name, password_hash)
      values (${email}, ${`${role} ${tag}`}, ${passwordHash}) returning id`;
    await db`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, ${role})`;
  }
  const alunos: { id: string; nome: string }[] = [];
  for (const nome of [`Ana Devedora ${tag}`, `Beto Devedor ${tag}`]) {
    const [a] = await db`insert into alunos (tenant_id, nome, serie, turma, ano_letivo, unidade)
      values (${tenant.id}, ${nome}, '5º ano', 'A', 2026, 'Sede') returning id`;
    await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
      values (${tenant.id}, ${`IMP-${randomUUID().slice(0, 6)}`}, ${nome}, 3, 'e2e')`;
    alunos.push({ id: a.id, nome });
  }
  await db`insert into inadimplentes (tenant_id, student_name, source) values (${tenant.id}, ${`Sem Aluno ${tag}`}, 'e2e')`;
  return { tenantId: tenant.id as string, ...people, ana: alunos[0], beto: alunos[1] };
}

async function panelFigure(page: Page, label: string): Promise<string> {
  return (await page.getByTestId("rollout-panel").locator("div", { has: page.getByText(label, { exact: true }) })
    .locator("dd").first().innerText()).trim();
}

/** Saves the two flags; a save that changes who is blocked first shows `effect` and is confirmed. */
async function setFlags(admin: Page, flags: { check: boolean; server: boolean }, effect?: string) {
  await admin.goto("/admin/configuracoes");
  await admin.getByLabel("Verificar inadimplência na rematrícula").setChecked(flags.check);
  await admin.getByLabel("Bloquear no servidor").setChecked(flags.server);
  await admin.getByRole("button", { name: "Salvar configurações" }).click();
  if (effect) {
    const dialog = admin.getByRole("dialog", { name: "Salvar muda quem está bloqueado" });
    await expect(dialog).toContainText(effect);
    await dialog.getByRole("button", { name: "Confirmar e salvar" }).click();
  }
  await expect(admin.getByRole("status").filter({ hasText: "Configurações salvas" })).toBeVisible();
  await admin.reload();
}

async function homeRow(page: Page, nome: string) {
  await page.goto(`/rematricula?q=${encodeURIComponent(nome)}`);
  return page.getByRole("row").filter({ hasText: nome });
}

test("the admin walks the three stages and the secretaria's screens change as the panel says", async ({ browser, db }) => {
  test.setTimeout(120_000);
  const s = await schoolOff(db);
  const admin = await signedIn(browser, s.admin);
  const secretaria = await signedIn(browser, s.secretaria);

  // Desligado: nobody blocked; the panel says the check would lead to Day 1.
  await admin.goto("/admin/configuracoes");
  await expect(admin.getByTestId("rollout-stage")).toHaveText("Desligado");
  expect(await panelFigure(admin, "Alunos bloqueados na campanha")).toBe("0");
  expect(await panelFigure(admin, "Registros da lista sem aluno correspondente")).toBe("1");
  await expect(admin.getByTestId("rollout-changes")).toContainText("leva ao Dia 1");
  const ana = await homeRow(secretaria, s.ana.nome);
  await expect(ana.getByRole("link", { name: /Iniciar/ })).toHaveCount(1);
  // The secretaria opens both students' pages now, before the list binds: later
  // clicks on them are requests that go around the screen.
  const anaPage = await (await secretaria.context()).newPage();
  await anaPage.goto(`/rematricula/${s.ana.id}`);
  const betoPage = await (await secretaria.context()).newPage();
  await betoPage.goto(`/rematricula/${s.beto.id}`);
  await expect(anaPage.getByRole("button", { name: "Finalizar rematrícula" })).toBeEnabled();

  // Day 1: the screens block; a finalize that goes around them passes and is counted.
  await setFlags(admin, { check: true, server: false }, "2 alunos passam a ser bloqueados agora.");
  await expect(admin.getByTestId("rollout-stage")).toHaveText("Dia 1: só na tela");
  expect(await panelFigure(admin, "Alunos bloqueados na campanha")).toBe("2");
  await expect(admin.getByTestId("rollout-changes")).toContainText("leva ao Dia 2");
  const blockedRow = await homeRow(secretaria, s.ana.nome);
  await expect(blockedRow.getByText("Inadimplente", { exact: true })).toHaveCount(1);
  await expect(blockedRow.getByRole("button", { name: "Iniciar" })).toBeDisabled();
  await secretaria.goto(`/rematricula/${s.beto.id}`);
  await expect(secretaria.getByRole("alert").filter({ hasText: "Verificar situação com a Tesouraria" })).toBeVisible();
  await expect(secretaria.getByRole("button", { name: "Finalizar rematrícula" })).toBeDisabled();
  await anaPage.getByRole("button", { name: "Finalizar rematrícula" }).click();
  await expect(anaPage.getByRole("heading", { name: "Rematrícula concluída" })).toBeVisible();
  await admin.reload();
  expect(await panelFigure(admin, "Finalizações que seriam bloqueadas hoje")).toBe("1");
  expect(await panelFigure(admin, "Alunos bloqueados na campanha")).toBe("1");

  // Day 2: the server refuses the page opened before, and counts the refusal.
  await setFlags(admin, { check: true, server: true });
  await expect(admin.getByTestId("rollout-stage")).toHaveText("Dia 2: bloqueio no servidor");
  await expect(admin.getByTestId("rollout-changes")).toContainText("volta ao Dia 1");
  await betoPage.getByRole("button", { name: "Finalizar rematrícula" }).click();
  await expect(betoPage.getByRole("alert").filter({ hasText: "Verificar situação com a Tesouraria" })).toBeVisible();
  await admin.reload();
  expect(await panelFigure(admin, "Tentativas recusadas hoje")).toBe("1");
  const [{ n }] = await db`select count(*)::int as n from rematriculas where aluno_id = ${s.beto.id}`;
  expect(n).toBe(0);

  // The way back: check off, everyone can be re-enrolled again.
  await setFlags(admin, { check: false, server: true }, "1 aluno deixa de ser bloqueado agora.");
  await expect(admin.getByTestId("rollout-stage")).toHaveText("Desligado");
  await expect(admin.getByTestId("rollout-changes")).toContainText("vai direto ao Dia 2");
  const back = await homeRow(secretaria, s.beto.nome);
  await expect(back.getByRole("link", { name: /Iniciar/ })).toHaveCount(1);
});

test("finance sees the campaign's counts and none of its actions", async ({ browser }) => {
  const fin = await signedIn(browser, "financeiro@pelicano.demo");
  await fin.getByRole("link", { name: "Campanha" }).click();
  await expect(fin).toHaveURL(/\/rematricula\/progresso$/);
  await expect(fin.getByTestId("progress-total")).toContainText("bloqueados");
  await expect(fin.getByRole("table", { name: "Por unidade (números)" }).getByRole("columnheader", { name: "Bloqueados" })).toBeVisible();
  await expect(fin.getByRole("table", { name: "Por série (números)" })).toBeVisible();
  await expect(fin.getByRole("button")).toHaveText(["Sair"]);
  await expect(fin.getByRole("link", { name: /Iniciar|Voltar à lista/ })).toHaveCount(0);
  await fin.goto("/rematricula");
  await expect(fin).toHaveURL(/\/sem-acesso(\?|$)/);
});

async function violations(page: Page) {
  const { violations: found } = await new AxeBuilder({ page }).analyze();
  return found.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const SCREENS: { path: string; who: string; ready: (page: Page) => Promise<void> }[] = [
  { path: "/admin/configuracoes", who: "admin@pelicano.demo",
    ready: (page) => expect(page.getByTestId("rollout-stage")).toBeVisible() },
  { path: "/admin/estatisticas?unidade=Norte", who: "admin@pelicano.demo", ready: async (page) => {
    await expect(page.getByText("Unidade Norte.", { exact: false })).toBeVisible();
    await page.getByText("Ver os números semana a semana").click();
    await expect(page.getByRole("table", { name: /Tendência semanal/ })).toBeVisible();
  } },
  { path: "/rematricula/progresso", who: "financeiro@pelicano.demo",
    ready: (page) => expect(page.getByTestId("progress-total")).toBeVisible() },
];

for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
  for (const screen of SCREENS) {
    test(`${screen.path} at ${viewport.width} px: axe reports nothing, no sideways scrolling`, async ({ browser }) => {
      const page = await signedIn(browser, screen.who, viewport);
      await page.goto(screen.path);
      await screen.ready(page);
      expect(await violations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });
  }
}

test.describe("traces", () => {
  let receiver: OtlpReceiver;
  let server: Instance;
  const AUTH_SECRET = process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-use-000";

  test.beforeAll(async () => {
    receiver = await startOtlpReceiver();
    server = await startInstance(OPS_PORT_BASE + 4, {
      DATABASE_URL: E2E_DATABASE_URL, AUTH_SECRET, LOG_LEVEL: "warn",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: "200",
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  test("a signed-in page's spans reach the OTLP receiver, with the database spans under it", async () => {
    const api = await playwrightRequest.newContext({ baseURL: server.url });
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    const login = await api.post("/api/auth/callback/credentials", {
      form: { email: "secretaria@pelicano.demo", password: DEMO_PASSWORD, csrfToken, callbackUrl: "/" }, maxRedirects: 0,
    });
    expect(login.status()).toBe(302);
    const page = await api.get("/rematricula", { maxRedirects: 0 });
    expect(page.status()).toBe(200);
    await api.dispose();

    const root = await receiver.waitFor((spans) => spans.find((s) => s.name === "GET /rematricula"));
    expect(root.service).toBe("rematricula");
    expect(root.attributes["http.status_code"]).toBe(200);
    const below = await receiver.waitFor((spans) => {
      const all = descendants(spans, root);
      return all.some((s) => s.name === "transaction") && all.some((s) => s.name === "WITH") ? all : undefined;
    });
    expect(below.some((s) => s.name.startsWith("render route (app) /rematricula"))).toBe(true);
    const tx = below.filter((s) => s.name === "transaction");
    expect(tx.every((s) => s.attributes["db.system.name"] === "postgresql")).toBe(true);
    // The campaign's statement, inside one of the page's transactions.
    const campaign = below.find((s) => s.name === "WITH")!;
    expect(tx.map((s) => s.spanId)).toContain(campaign.parentSpanId);
  });
});

import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { hash } from "@node-rs/argon2";
import type { Browser, Page } from "@playwright/test";
import type { Sql } from "postgres";
import { addInadimplente, createAluno, DEMO_PASSWORD, expect, loginAs, test } from "./fixtures";

const FINANCEIRO = "financeiro@pelicano.demo";
const SECRETARIA = "secretaria@pelicano.demo";
const ADMIN = "admin@pelicano.demo";

/** A fresh browser context signed in as `email`: two people, two sessions. */
async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, email);
  await page.waitForURL(/\/(rematricula|admin\/inadimplentes)$/);
  return page;
}

/** The secretaria's home filtered down to one student; whether the check blocks them. */
async function expectBlocked(page: Page, nome: string, blocked: boolean) {
  await page.goto(`/rematricula?q=${encodeURIComponent(nome)}`);
  const row = page.getByRole("row").filter({ hasText: nome });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("Inadimplente", { exact: true })).toHaveCount(blocked ? 1 : 0);
  await expect(row.getByRole("link", { name: /Iniciar/ })).toHaveCount(blocked ? 0 : 1);
  await expect(row.getByRole("button", { name: "Iniciar" })).toHaveCount(blocked ? 1 : 0);
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("en-CA", { timeZone: "America/Sao_Paulo" });
}

test("liberação: the finance team grants it and the secretaria sees the student unblocked, then blocked again on revoke",
  async ({ browser, db }) => {
    const aluno = await createAluno(db, "pelicano", { nome: `Liberado Teste ${randomUUID().slice(0, 6)}` });
    await addInadimplente(db, "pelicano", aluno.nome);
    const secretaria = await signedIn(browser, SECRETARIA);
    await expectBlocked(secretaria, aluno.nome, true);

    const fin = await signedIn(browser, FINANCEIRO);
    await fin.goto("/admin/liberacoes");
    await fin.getByLabel("Buscar aluno pelo nome").fill(aluno.nome.toLowerCase());
    await fin.getByRole("button", { name: "Buscar aluno" }).click();
    await fin.getByLabel("Aluno", { exact: true }).selectOption(aluno.id);
    await fin.getByRole("button", { name: "Conceder liberação" }).click();
    await expect(fin.getByText("Informe o motivo.")).toBeVisible();
    await fin.getByLabel("Motivo").fill("Acordo de pagamento assinado na Tesouraria");
    await fin.getByLabel("Válida até (inclusive)").fill(inDays(7));
    await fin.getByRole("button", { name: "Conceder liberação" }).click();
    await expect(fin.getByRole("status").filter({ hasText: "Liberação concedida" })).toBeVisible();
    const valid = fin.getByRole("table", { name: "Liberações válidas" }).getByRole("row").filter({ hasText: aluno.nome });
    await expect(valid).toContainText("Acordo de pagamento assinado na Tesouraria");
    const [y, m, d] = inDays(7).split("-");
    await expect(valid).toContainText(`${d}/${m}/${y} (fim do dia)`);

    await expectBlocked(secretaria, aluno.nome, false);
    // The student's page says until when the student is free.
    await secretaria.goto(`/rematricula/${aluno.id}`);
    await expect(secretaria.getByTestId("liberado-ate")).toContainText(`${d}/${m}/${y} (fim do dia)`);

    await valid.getByRole("button", { name: `Revogar liberação de ${aluno.nome}` }).click();
    await fin.getByRole("dialog").getByRole("button", { name: "Revogar liberação" }).click();
    await expect(fin.getByRole("table", { name: "Liberações expiradas ou revogadas" }).getByRole("row")
      .filter({ hasText: aluno.nome })).toBeVisible();
    await expect(fin.getByRole("table", { name: "Histórico de liberações" }).getByRole("row")
      .filter({ hasText: aluno.nome }).filter({ hasText: "Revogação" })).toBeVisible();
    await expectBlocked(secretaria, aluno.nome, true);
  });

/**
 * A school of its own, so switching its check off cannot disturb the specs that
 * run at the same time on the demo schools.
 */
async function dedicatedSchool(db: Sql) {
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await db`insert into tenants (slug, name) values (${`e2e-${tag}`}, ${`Escola E2E ${tag}`}) returning id`;
  await db`update system_config set value = 'true'::jsonb where tenant_id = ${tenant.id}
    and key in ('rematricula.inadimplencia.enabled', 'rematricula.inadimplencia.enforcement.server_enabled')`;
  await db`insert into unidades (tenant_id, name) values (${tenant.id}, 'Sede')`;
  const passwordHash = await hash(DEMO_PASSWORD);
  const people = { admin: `admin-${tag}@e2e.demo`, secretaria: `secretaria-${tag}@e2e.demo` };
  for (const [role, email] of Object.entries(people)) {
    const [user] = await db`insert into users (email, name, password_hash)
      values (${email}, ${`${role === "admin" ? "Admin" : "Secretaria"} E2E ${tag}`}, ${passwordHash}) returning id`;
    await db`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, ${role})`;
  }
  const nome = `Aluna Bloqueada ${tag}`;
  await db`insert into alunos (tenant_id, nome, responsavel_nome, serie, turma, ano_letivo, unidade)
    values (${tenant.id}, ${nome}, 'Responsável E2E', '5º ano', 'A', 2026, 'Sede')`;
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
    values (${tenant.id}, ${`E2E-${tag}`}, ${nome}, 3, 'e2e')`;
  return { tenantId: tenant.id as string, nome, ...people };
}

test("as admin, turn the check off and see the badges disappear", async ({ browser, db }) => {
  const school = await dedicatedSchool(db);
  const secretaria = await signedIn(browser, school.secretaria);
  await expectBlocked(secretaria, school.nome, true);

  const admin = await signedIn(browser, school.admin);
  await admin.goto("/admin/configuracoes");
  const check = admin.getByLabel("Verificar inadimplência na rematrícula");
  await expect(check).toBeChecked();

  await admin.getByLabel("Mensagem de bloqueio").fill("   ");
  await check.uncheck();
  await admin.getByRole("button", { name: "Salvar configurações" }).click();
  await expect(admin.getByText("Informe a mensagem.")).toBeVisible();
  await expect(check).not.toBeChecked();
  const [stillOn] = await db`select value from system_config where tenant_id = ${school.tenantId}
    and key = 'rematricula.inadimplencia.enabled'`;
  expect(stillOn.value).toBe(true);

  await admin.getByLabel("Mensagem de bloqueio").fill("Procure a Tesouraria, por favor.");
  await admin.getByRole("button", { name: "Salvar configurações" }).click();
  const effect = admin.getByRole("dialog", { name: "Salvar muda quem está bloqueado" });
  await expect(effect).toContainText("1 aluno deixa de ser bloqueado agora.");
  await effect.getByRole("button", { name: "Confirmar e salvar" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Configurações salvas (2 alteração(ões))." })).toBeVisible();
  const history = admin.getByRole("table", { name: "Histórico das configurações" });
  await expect(history.getByRole("row").filter({ hasText: "Verificar inadimplência na rematrícula" })
    .filter({ hasText: "Admin E2E" })).toContainText(/ligado\s*desligado/);

  await expectBlocked(secretaria, school.nome, false);
});

test("only finance sees liberações and stats, only admins the flags", async ({ browser }) => {
  const secretaria = await signedIn(browser, SECRETARIA);
  for (const path of ["/admin/estatisticas", "/admin/liberacoes", "/admin/configuracoes"]) {
    await secretaria.goto(path);
    await expect(secretaria).toHaveURL(/\/sem-acesso(\?|$)/);
  }
  const fin = await signedIn(browser, FINANCEIRO);
  await fin.goto("/admin/configuracoes");
  await expect(fin).toHaveURL(/\/sem-acesso(\?|$)/);
  await fin.goto("/admin/liberacoes?q=a&q=b&q=%00%25_");
  await expect(fin.getByRole("heading", { name: "Liberações", level: 1 })).toBeVisible();
});

test("stats, liberações and config pages: no serious accessibility violation", async ({ browser, db }) => {
  // Three pages, each scanned by axe; the stats page also carries the weekly trend now.
  test.setTimeout(120_000);
  // A few attempts of a student of this test's own, so the daily chart has something to draw.
  const aluno = await createAluno(db, "pelicano");
  await db`insert into rematricula_events (tenant_id, aluno_id, kind, at)
    select tenant_id, id, kind, now() - make_interval(days => d)
    from alunos, (values ('blocked', 1), ('blocked', 3), ('would_block', 3), ('blocked', 8), ('would_block', 12)) v(kind, d)
    where id = ${aluno.id}`;
  const admin = await signedIn(browser, ADMIN);
  await admin.goto("/admin/estatisticas");
  await expect(admin.getByRole("table", { name: /Tentativas barradas por dia/ }).getByRole("row", { name: /^Total/ }))
    .not.toHaveText(/Total\s*0\s*0/);
  await expect(admin.getByRole("img", { name: /Inadimplentes ativos por escola/ })).toBeVisible();
  await expect(admin.getByRole("img", { name: /Inadimplentes ativos por meses em atraso/ })).toBeVisible();
  await expect(admin.getByRole("img", { name: /Tentativas de rematrícula barradas/ })).toBeVisible();
  expect(await seriousViolations(admin)).toEqual([]);

  await admin.goto("/admin/liberacoes?q=Silva");
  expect(await seriousViolations(admin)).toEqual([]);
  await admin.goto("/admin/configuracoes");
  expect(await seriousViolations(admin)).toEqual([]);
});

/** What the page's form would send (React's action reference included), with some fields replaced. */
async function formPayload(page: Page, button: string, fields: Record<string, string>) {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: button }) });
  const entries = await form.evaluate((f: HTMLFormElement) =>
    [...new FormData(f).entries()].map(([k, v]) => [k, String(v)] as [string, string]));
  return { ...Object.fromEntries(entries), ...fields };
}

/** Posts a form payload as the page's user, the way a browser without JavaScript would. */
function postForm(page: Page, path: string, multipart: Record<string, string>) {
  return page.request.post(path, { multipart, maxRedirects: 0, headers: { origin: new URL(page.url()).origin } });
}

test("the flags action called directly by a secretaria changes nothing (the same post by the admin does)",
  async ({ browser, db }) => {
    const school = await dedicatedSchool(db);
    const admin = await signedIn(browser, school.admin);
    await admin.goto("/admin/configuracoes");
    const payload = await formPayload(admin, "Salvar configurações", { bannerMessage: "Mensagem forjada" });
    const banner = async () => (await db`select value from system_config where tenant_id = ${school.tenantId}
      and key = 'rematricula.inadimplencia.ui.banner_message'`)[0].value;

    const secretaria = await signedIn(browser, school.secretaria);
    await postForm(secretaria, "/admin/configuracoes", payload);
    expect(await banner()).toBe("Verificar situação com a Tesouraria");
    const [{ n }] = await db`select count(*)::int as n from audit_log where tenant_id = ${school.tenantId}
      and entity = 'system_config' and actor is not null`;
    expect(n).toBe(0);

    await postForm(admin, "/admin/configuracoes", payload);
    expect(await banner()).toBe("Mensagem forjada");
  });

test("the revoke action called directly by a secretaria changes nothing (the same post by finance does)",
  async ({ browser, db }) => {
    const aluno = await createAluno(db, "pelicano", { nome: `Revogado Teste ${randomUUID().slice(0, 6)}` });
    const [lib] = await db`insert into liberacoes (tenant_id, aluno_id, reason, valid_until)
      select tenant_id, id, 'Acordo e2e', now() + interval '5 days' from alunos where id = ${aluno.id} returning id`;
    const revokedAt = async () => (await db`select revoked_at from liberacoes where id = ${lib.id}`)[0].revoked_at;
    const fin = await signedIn(browser, FINANCEIRO);
    await fin.goto("/admin/liberacoes");
    const payload = await formPayload(fin, `Revogar liberação de ${aluno.nome}`, {});

    const secretaria = await signedIn(browser, SECRETARIA);
    await postForm(secretaria, "/admin/liberacoes", payload);
    expect(await revokedAt()).toBeNull();

    await postForm(fin, "/admin/liberacoes", payload);
    expect(await revokedAt()).not.toBeNull();
  });

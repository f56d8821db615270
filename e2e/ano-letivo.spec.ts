import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Browser, Page } from "@playwright/test";
import type { Sql } from "postgres";
import { DEMO_PASSWORD, expect, loginAs, seriousViolations, test } from "./fixtures";

/**
 * A school of its own in 2026, check and enforcement on: turning its year
 * cannot disturb the specs that run at the same time on the demo schools.
 */
async function schoolIn2026(db: Sql) {
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await db`insert into tenants (slug, name) values (${`ano-${tag}`}, ${`Escola Ano ${tag}`}) returning id`;
  await db`update system_config set value = 'true'::jsonb where tenant_id = ${tenant.id}
    and key in ('rematricula.inadimplencia.enabled', 'rematricula.inadimplencia.enforcement.server_enabled')`;
  await db`update system_config set value = '2026'::jsonb where tenant_id = ${tenant.id} and key = 'escola.ano_letivo'`;
  const passwordHash = await hash(DEMO_PASSWORD);
  const people = { admin: `admin-${tag}@ano.demo`, secretaria: `secretaria-${tag}@ano.demo` };
  for (const [role, email] of Object.entries(people)) {
    const [user] = await db`insert into users (email, name, password_hash)
      values (${email}, ${`${role} ${tag}`}, ${passwordHash}) returning id`;
    await db`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, ${role})`;
  }
  const alunos: [matricula: string, nome: string, serie: string][] = [
    ["000101", `Alice Promovida ${tag}`, "5º ano"],
    ["000102", `Bento Promovido ${tag}`, "9º ano"],
    ["000103", `Carla Sem Rematrícula ${tag}`, "5º ano"],
    ["000104", `Diego Devedor ${tag}`, "1º ano"],
    ["000105", `Elisa Sem Rematrícula ${tag}`, "3ª série EM"],
  ];
  for (const [matricula, nome, serie] of alunos) {
    await db`insert into alunos (tenant_id, matricula, nome, serie, turma, ano_letivo)
      values (${tenant.id}, ${matricula}, ${nome}, ${serie}, 'A', 2026)`;
  }
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
    values (${tenant.id}, ${`ANO-${tag}`}, ${alunos[3][1]}, 3, 'e2e')`;
  return { tenantId: tenant.id as string, names: alunos.map((a) => a[1]), ...people };
}

async function signedIn(browser: Browser, email: string, landing: RegExp): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, email);
  await page.waitForURL(landing);
  return page;
}

/** The home's row of the one student a code finds. */
async function byCode(page: Page, code: string) {
  await page.goto(`/rematricula?q=${code}`);
  const row = page.getByRole("row").filter({ hasText: code });
  await expect(row).toHaveCount(1);
  return row;
}

test("a secretaria rematricula dois alunos, o admin encerra o ano com a prévia, e a nova campanha começa", async ({ browser, db }) => {
  // Two people, two sign-ins, two finalizations, two accessibility scans and the turn: longer than most specs.
  test.setTimeout(120_000);
  const school = await schoolIn2026(db);
  const [alice, bento, carla, diego] = school.names;

  const secretaria = await signedIn(browser, school.secretaria, /\/rematricula$/);
  await expect(secretaria.getByTestId("ano-letivo")).toHaveText("Ano letivo 2026 · rematrícula para 2027");
  for (const code of ["000101", "000102"]) {
    const row = await byCode(secretaria, code);
    await row.getByRole("link", { name: /Iniciar/ }).click();
    await expect(secretaria.getByText(code, { exact: true })).toBeVisible();
    await secretaria.getByRole("button", { name: "Finalizar rematrícula" }).click();
    await expect(secretaria.getByRole("heading", { name: "Rematrícula concluída" })).toBeVisible();
  }

  const admin = await signedIn(browser, school.admin, /\/(rematricula|admin\/.*)$/);
  await admin.goto("/admin/ano-letivo");
  await expect(admin.getByTestId("ano-letivo")).toContainText("está no ano letivo 2026");
  const previa = admin.getByTestId("previa-ano-letivo");
  const line = (serie: string) => previa.getByRole("row").filter({ has: admin.getByRole("rowheader", { name: serie, exact: true }) });
  // Série, ativos hoje, promovidos, concluintes, inativados, mantidos, ativos depois.
  await expect(line("5º ano").getByRole("cell")).toHaveText(["2", "1", "0", "1", "0", "0"]);
  await expect(line("6º ano").getByRole("cell")).toHaveText(["0", "0", "0", "0", "0", "1"]);
  await expect(line("Total").getByRole("cell")).toHaveText(["5", "2", "0", "3", "0", "2"]);
  expect(await seriousViolations(admin)).toEqual([]);

  // The admin prefers to keep the others: the preview follows the choice.
  await admin.getByLabel(/Manter como estão/).check();
  await admin.getByRole("button", { name: "Atualizar prévia" }).click();
  await admin.waitForURL(/alunosSemRematricula=manter/);
  await expect(line("Total").getByRole("cell")).toHaveText(["5", "2", "0", "0", "3", "5"]);
  await admin.getByRole("button", { name: "Encerrar o ano letivo 2026…" }).click();
  await admin.getByRole("button", { name: "Sim, encerrar 2026" }).click();
  await expect(admin.getByRole("status")).toContainText("Ano letivo 2026 encerrado: 2 aluno(s) promovido(s)");
  await expect(admin.getByTestId("ano-letivo")).toContainText("está no ano letivo 2027");
  expect(await seriousViolations(admin)).toEqual([]);

  const rows = await db`select nome, serie, turma, ano_letivo, status from alunos where tenant_id = ${school.tenantId} order by nome`;
  expect(rows.map((r) => [r.nome, r.serie, r.turma, r.ano_letivo, r.status])).toEqual([
    [alice, "6º ano", null, 2027, "ativo"],
    [bento, "1ª série EM", null, 2027, "ativo"],
    [carla, "5º ano", "A", 2026, "ativo"],
    [diego, "1º ano", "A", 2026, "ativo"],
    [school.names[4], "3ª série EM", "A", 2026, "ativo"],
  ]);

  // The secretaria's home: the new campaign, everyone pending for 2028, the debtor still blocked.
  await secretaria.goto("/rematricula");
  await expect(secretaria.getByTestId("ano-letivo")).toHaveText("Ano letivo 2027 · rematrícula para 2028");
  await expect(secretaria.getByTestId("campaign-counts").getByText("Rematriculados", { exact: true }).locator(".."))
    .toContainText("0");
  await expect(await byCode(secretaria, "000101")).toContainText("6º ano");
  await expect(await byCode(secretaria, "000101")).toContainText("Pendente");
  await expect(await byCode(secretaria, "000102")).toContainText("1ª série EM");
  await expect(await byCode(secretaria, "000103")).toContainText("Pendente");
  await expect((await byCode(secretaria, "000104")).getByText("Inadimplente", { exact: true })).toBeVisible();
});

test("com a escolha padrão os demais ficam inativos, e o encerramento pode ser desfeito", async ({ browser, db }) => {
  const school = await schoolIn2026(db);
  const [alice] = school.names;
  const secretaria = await signedIn(browser, school.secretaria, /\/rematricula$/);
  await (await byCode(secretaria, "000101")).getByRole("link", { name: /Iniciar/ }).click();
  await secretaria.getByRole("button", { name: "Finalizar rematrícula" }).click();
  await expect(secretaria.getByRole("heading", { name: "Rematrícula concluída" })).toBeVisible();

  const admin = await signedIn(browser, school.admin, /\/(rematricula|admin\/.*)$/);
  await admin.goto("/admin/ano-letivo");
  await admin.getByRole("button", { name: "Encerrar o ano letivo 2026…" }).click();
  await admin.getByRole("button", { name: "Sim, encerrar 2026" }).click();
  await expect(admin.getByRole("status")).toContainText("4 inativado(s)");

  await secretaria.goto("/rematricula");
  const counts = secretaria.getByTestId("campaign-counts");
  await expect(counts.getByText("Pendentes", { exact: true }).locator("..")).toContainText("1");
  await expect(counts.getByText("Fora da campanha (não ativos)", { exact: true }).locator("..")).toContainText("4");
  await expect((await byCode(secretaria, "000103")).getByText("Inativo", { exact: true })).toBeVisible();

  await admin.getByRole("button", { name: "Desfazer encerramento de 2026" }).click();
  await admin.getByRole("dialog", { name: "Desfazer o encerramento de 2026?" }).getByRole("button", { name: "Desfazer encerramento" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Encerramento desfeito" })).toContainText("5 aluno(s)");
  const [row] = await db`select serie, ano_letivo, status from alunos where tenant_id = ${school.tenantId} and nome = ${alice}`;
  expect(row).toEqual({ serie: "5º ano", ano_letivo: 2026, status: "ativo" });
  await secretaria.goto("/rematricula");
  await expect(secretaria.getByTestId("ano-letivo")).toHaveText("Ano letivo 2026 · rematrícula para 2027");
  await expect(await byCode(secretaria, "000101")).toContainText("Rematriculado");
});

import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import type { Sql } from "postgres";
import { expect, loginAs, seriousViolations, tenantId, test } from "./fixtures";

// Issues 16 and 18 as finance meets them: the import says how many students the
// file blocks, warns about rows that match nobody, links a row to one of two
// homonyms by the student's code, and lets finance pick the homonym in the preview.

const SCHOOL = "pelicano";

async function asFinance(page: Page) {
  await loginAs(page, "financeiro@pelicano.demo");
  await page.waitForURL("**/admin/inadimplentes");
  await page.goto("/admin/inadimplentes/importar");
}

async function preview(page: Page, csv: string) {
  await page.getByLabel("Arquivo CSV da tesouraria").setInputFiles({
    name: "lista-financeiro.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf-8"),
  });
  await page.getByRole("radio", { name: "Adicionar/atualizar" }).check();
  await page.getByRole("button", { name: "Pré-visualizar" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pré-visualização pronta" })).toBeVisible({ timeout: 30_000 });
}

async function commit(page: Page) {
  await page.getByRole("button", { name: "Confirmar importação" }).click();
  const report = page.getByRole("region", { name: "Importação concluída" });
  await expect(report).toBeVisible({ timeout: 30_000 });
  return report;
}

/** Two students of the demo school with one name, each with a code of their own. */
async function homonyms(db: Sql, tag: string) {
  const tid = await tenantId(db, SCHOOL);
  const nome = `Helena Homônima ${tag}`;
  const make = async (matricula: string, serie: string) => {
    const [r] = await db`insert into alunos (tenant_id, nome, matricula, responsavel_nome, serie, turma, ano_letivo)
      values (${tid}, ${nome}, ${matricula}, ${`Responsável ${tag}`}, ${serie}, 'A', 2026) returning id`;
    return r.id as string;
  };
  return { tid, nome, first: await make(`E2E-${tag}-1`, "3º ano"), second: await make(`E2E-${tag}-2`, "7º ano") };
}

/** Who the check blocks among the given students, straight from the database. */
async function blocked(db: Sql, tid: string, ids: string[]): Promise<string[]> {
  const rows = await db`select aluno_id from check_inadimplencia_in(${tid}::uuid, ${ids}::uuid[]) where is_inadimplente`;
  return rows.map((r) => r.aluno_id as string);
}

test("um arquivo que não corresponde a ninguém avisa e não bloqueia ninguém", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await asFinance(page);
  await preview(page, `Código;Aluno;Meses\nN1-${tag};Ninguém Conhecido ${tag};2\nN2-${tag};Outro Desconhecido ${tag};3\n`);
  await expect(page.locator('[data-effect="blocks"]')).toHaveText("0 alunos serão bloqueados");
  await expect(page.locator('[data-count="unmatched"]')).toHaveText("2");
  await expect(page.locator('[data-effect="unmatched"]'))
    .toHaveText("Aviso: 2 linhas não correspondem a nenhum aluno: ninguém será bloqueado por elas.");
  expect(await seriousViolations(page)).toEqual([]);
  const report = await commit(page);
  await expect(report.locator('[data-effect="blocks"]')).toHaveText("0 alunos bloqueados por este arquivo");
  await expect(report.locator('[data-effect="unmatched"]')).toContainText("2 linhas não correspondem a nenhum aluno");
  await expect(report.getByText("Nenhuma linha inválida nem aviso.")).toHaveCount(0);
});

test("a coluna de matrícula bloqueia só um de dois homônimos", async ({ page, db }) => {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const h = await homonyms(db, tag);
  await asFinance(page);
  await preview(page, `Código;Aluno;Matrícula;Meses\nD-${tag};${h.nome};E2E-${tag}-2;3\n`);
  await expect(page.locator('[data-effect="blocks"]')).toHaveText("1 aluno será bloqueado");
  await commit(page);
  expect(await blocked(db, h.tid, [h.first, h.second])).toEqual([h.second]);
});

test("sem código, a tesouraria escolhe o homônimo na prévia e só ele é bloqueado", async ({ browser, page, db }) => {
  test.setTimeout(120_000);
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const h = await homonyms(db, tag);
  await asFinance(page);
  await preview(page, `Código;Aluno;Meses\nH-${tag};${h.nome};4\n`);
  await expect(page.locator('[data-blocks="2"]')).toHaveText("Sem escolha, bloqueará 2 alunos com este nome.");
  await expect(page.locator('[data-effect="blocks"]')).toHaveText("2 alunos serão bloqueados");

  await page.getByLabel("Aluno da linha 2").selectOption(h.second);
  await expect(page.locator('[data-blocks="2"]')).toHaveText("Bloqueará só o aluno escolhido.", { timeout: 30_000 });
  await expect(page.locator('[data-effect="blocks"]')).toHaveText("1 aluno será bloqueado");
  await expect(page.getByLabel("Aluno da linha 2")).toHaveValue(h.second);
  expect(await seriousViolations(page)).toEqual([]);
  await commit(page);
  expect(await blocked(db, h.tid, [h.first, h.second])).toEqual([h.second]);

  // The front desk sees it too: of the two homonyms, only the chosen one is marked.
  const secretaria = await (await browser.newContext({ locale: "pt-BR" })).newPage();
  await loginAs(secretaria, "secretaria@pelicano.demo");
  await secretaria.waitForURL("**/rematricula");
  await secretaria.goto(`/rematricula?q=${encodeURIComponent(h.nome)}`);
  const rows = secretaria.getByRole("row").filter({ hasText: h.nome });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "7º ano" }).getByText("Inadimplente", { exact: true })).toBeVisible();
  await expect(rows.filter({ hasText: "3º ano" }).getByText("Inadimplente", { exact: true })).toHaveCount(0);
});

test("uma prévia longa mostra 50 linhas por página e busca os parecidos da página aberta", async ({ page, db }) => {
  test.setTimeout(120_000);
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const tid = await tenantId(db, SCHOOL);
  const [aluna] = await db`insert into alunos (tenant_id, nome, matricula, ano_letivo)
    values (${tid}, ${`Aluna Paginada ${tag}`}, ${`E2E-${tag}-P`}, 2026) returning id`;
  // 55 rows that match nobody, then a typo of the student's name: it falls on the second page.
  const nobody = Array.from({ length: 55 }, (_, i) => `P${i}-${tag};Xyzw Qwerty ${tag} ${i};2`);
  await asFinance(page);
  await preview(page, `Código;Aluno;Meses\n${nobody.join("\n")}\nT-${tag};Aluna Pajinada ${tag};3\n`);
  const pager = page.getByRole("navigation", { name: "Páginas das linhas do arquivo" });
  await expect(pager).toContainText("Página 1 de 2 (56 linhas)");
  await expect(page.getByLabel("Aluno da linha 57")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  await pager.getByRole("button", { name: "Próxima página" }).click();
  await expect(pager).toContainText("Página 2 de 2 (56 linhas)");
  const choice = page.getByLabel("Aluno da linha 57");
  await expect(choice.locator("option", { hasText: `Aluna Paginada ${tag}` })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);

  // Choosing re-runs the preview; the page and its suggestions stay.
  await choice.selectOption(aluna.id as string);
  await expect(page.locator('[data-blocks="57"]')).toHaveText("Bloqueará só o aluno escolhido.", { timeout: 30_000 });
  await expect(pager).toContainText("Página 2 de 2 (56 linhas)");
  await expect(page.getByLabel("Aluno da linha 57")).toHaveValue(aluna.id as string);
  await commit(page);
  expect(await blocked(db, tid, [aluna.id as string])).toEqual([aluna.id]);
});

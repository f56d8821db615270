import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Browser, Page } from "@playwright/test";
import type { Sql } from "postgres";
import { DEMO_PASSWORD, expect, loginAs, seriousViolations, test } from "./fixtures";

/** A school of its own (units Centro and Norte, year 2026) with an admin and a secretaria. */
async function newSchool(db: Sql) {
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await db`insert into tenants (slug, name) values (${`roster-${tag}`}, ${`Escola Roster ${tag}`}) returning id`;
  await db`update system_config set value = '2026'::jsonb where tenant_id = ${tenant.id} and key = 'escola.ano_letivo'`;
  await db`insert into unidades (tenant_id, name) values (${tenant.id}, 'Centro'), (${tenant.id}, 'Norte')`;
  const passwordHash = await hash(DEMO_PASSWORD);
  const people = { admin: `admin-${tag}@roster.demo`, secretaria: `secretaria-${tag}@roster.demo` };
  for (const [role, email] of Object.entries(people)) {
    const [user] = await db`insert into users (email, name, password_hash)
      values (${email}, ${`${role} ${tag}`}, ${passwordHash}) returning id`;
    await db`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, ${role})`;
  }
  return { tenantId: tenant.id as string, tag, ...people };
}

const FIRST = ["Ana", "Bruno", "Cecília", "Davi", "Élida", "Fábio", "Gonçalo", "Helena", "Íris", "João"];
const LAST = ["Conceição", "Araújo", "Gonçalves", "Simões"];
const SERIES = ["5o ano", "6º ano", "7° ANO", "1ª série EM", "Jardim 2"];

/**
 * A 40-student roster as Excel in Portuguese saves it from an academic system:
 * windows-1252 (Latin-1 range here), `;`, CRLF, codes with leading zeros, dd/mm/aaaa.
 */
function excelRoster(tag: string): { name: string; mimeType: string; buffer: Buffer; codes: string[]; names: string[] } {
  const lines = ["Matrícula;Nome do aluno;Data de nascimento;Responsável;Telefone;Unidade;Série;Turma;Situação"];
  const codes: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < 40; i++) {
    const code = `00${String(1001 + i)}`;
    const nome = `${FIRST[i % 10]} ${LAST[Math.floor(i / 10)]} ${tag}`;
    codes.push(code);
    names.push(nome);
    const day = String(1 + (i % 28)).padStart(2, "0");
    lines.push([code, nome, `${day}/0${1 + (i % 9)}/201${i % 8}`, `Responsável de ${nome}`, "(11) 98888-0000",
      i % 2 ? "Norte" : "Centro", SERIES[i % SERIES.length], `${i % 3 ? "A" : "B"}`, "Ativo"].join(";"));
  }
  return { name: "alunos-2026.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\r\n") + "\r\n", "latin1"), codes, names };
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: "pt-BR" })).newPage();
  await loginAs(page, email);
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

const count = (page: Page, key: string) => page.locator(`[data-count="${key}"]`);

test("o admin importa o roster de 40 alunos do Excel; a secretaria vê os alunos com as matrículas", async ({ browser, db }) => {
  test.setTimeout(120_000);
  const school = await newSchool(db);
  const file = excelRoster(school.tag);
  const admin = await signedIn(browser, school.admin);

  await admin.goto("/admin/alunos/importar");
  await admin.getByLabel("Arquivo CSV com os alunos").setInputFiles(file);
  await admin.getByRole("radio", { name: "Adicionar/atualizar" }).check();
  await admin.getByRole("button", { name: "Pré-visualizar" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Pré-visualização pronta" })).toBeVisible({ timeout: 30_000 });
  await expect(count(admin, "new")).toHaveText("40");
  await expect(count(admin, "invalid")).toHaveText("0");
  // Decoded from windows-1252: the accents survive, no replacement characters.
  const table = admin.getByRole("table", { name: "O que cada linha fará" });
  await expect(table.getByRole("cell", { name: file.names[6], exact: true })).toBeVisible();
  await expect(admin.getByText("\uFFFD")).toHaveCount(0);
  expect(await seriousViolations(admin)).toEqual([]);

  await admin.getByRole("button", { name: "Confirmar importação" }).click();
  const report = admin.getByRole("region", { name: "Importação concluída" });
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(count(admin, "inserted")).toHaveText("40");
  const [{ n }] = await db`select count(*)::int as n from alunos where tenant_id = ${school.tenantId}`;
  expect(n).toBe(40);

  // The secretaria finds them on the campaign's home by code, leading zeros kept.
  const secretaria = await signedIn(browser, school.secretaria);
  for (const i of [0, 6, 39]) {
    await secretaria.goto(`/rematricula?q=${file.codes[i]}`);
    const row = secretaria.getByRole("row").filter({ hasText: file.names[i] });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(file.codes[i]);
  }
  // The import's history is the secretaria's too, with the batch and its undo.
  await secretaria.goto("/admin/alunos/importacoes");
  await expect(secretaria.getByText("alunos-2026.csv")).toBeVisible();
  await expect(secretaria.getByRole("button", { name: "Desfazer importação" })).toBeVisible();
});

import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { hash } from "@node-rs/argon2";
import type { Sql } from "postgres";
import { DEMO_PASSWORD, expect, loginAs, test } from "./fixtures";

/**
 * A school of its own, with an admin and a student whose paid list row stopped
 * being active 20 months ago and whose rematrícula was cancelled 30 months ago.
 */
async function privacySchool(db: Sql) {
  const tag = randomUUID().slice(0, 8);
  const [tenant] = await db`insert into tenants (slug, name) values (${`priv-${tag}`}, ${`Escola Privacidade ${tag}`}) returning id`;
  const email = `admin-${tag}@privacidade.demo`;
  const [user] = await db`insert into users (email, name, password_hash)
    values (${email}, ${`Admin ${tag}`}, ${await hash(DEMO_PASSWORD)}) returning id`;
  await db`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, 'admin')`;
  const nome = `Lara Quintela ${tag}`;
  const [aluno] = await db`insert into alunos (tenant_id, nome, responsavel_nome, status)
    values (${tenant.id}, ${nome}, ${`Rui Quintela ${tag}`}, 'transferido') returning id`;
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, guardian1_name, meses_inadim, source,
      is_active, deleted_at, deleted_reason, created_at, updated_at)
    values (${tenant.id}, ${`PRIV-${tag}`}, ${nome}, ${`Rui Quintela ${tag}`}, 2, 'e2e', false,
      now() - interval '20 months', 'Pago', now() - interval '22 months', now() - interval '20 months')`;
  // A rematrícula cancelled 30 months ago: its reason is past the events' default 24 months.
  await db`insert into rematriculas (tenant_id, aluno_id, ano_letivo, status, cancel_reason, cancelled_at)
    values (${tenant.id}, ${aluno.id}, 2024, 'cancelada', 'Mudou de cidade', now() - interval '30 months')`;
  return { tenantId: tenant.id as string, email, nome, alunoId: aluno.id as string };
}

test("an admin sets a retention period, sees the next purge's preview, and exports a student's data", async ({ page, db }) => {
  const school = await privacySchool(db);
  await loginAs(page, school.email);
  await page.waitForURL((url) => url.pathname !== "/login");
  await page.goto("/admin/privacidade");
  const listRow = page.getByTestId("purge-preview").locator('tr[data-kind="inadimplentes"]');
  // 20 months under the default 24: nothing to anonymise yet.
  await expect(listRow).toContainText("24 meses");
  await expect(listRow.locator("td").last()).toHaveText("0");
  // The cancellation reason is due under the events' period, and the preview says so.
  const cancelRow = page.getByTestId("purge-preview").locator('tr[data-kind="cancelamentos"]');
  await expect(cancelRow).toContainText("Motivos de cancelamento de rematrícula");
  await expect(cancelRow).toContainText("24 meses");
  await expect(cancelRow.locator("td").last()).toHaveText("1");

  // Out of range: a message next to the field, nothing saved.
  await page.getByLabel(/Registros inativos da lista/).fill("2");
  await page.getByRole("button", { name: "Salvar prazos" }).click();
  await expect(page.getByText("O mínimo é 6 meses.")).toBeVisible();

  await page.getByLabel(/Registros inativos da lista/).fill("12");
  await page.getByRole("button", { name: "Salvar prazos" }).click();
  await expect(page.getByRole("status")).toContainText("Prazos salvos");
  await page.reload();
  await expect(listRow).toContainText("12 meses");
  await expect(listRow.locator("td").last()).toHaveText("1");
  const [stored] = await db`select value from system_config where tenant_id = ${school.tenantId}
    and key = 'privacidade.retencao.inadimplentes_meses'`;
  expect(stored.value).toBe(12);

  // The family's request: find the student, read everything, download it.
  await page.getByLabel("Nome, responsável, CPF ou matrícula").fill(school.nome);
  await page.getByRole("button", { name: "Buscar aluno" }).click();
  await page.getByRole("link", { name: `Dados de ${school.nome}` }).click();
  await expect(page.getByRole("heading", { name: `Dados de ${school.nome}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lista de inadimplentes (com histórico) (2)" })).toBeVisible();
  await expect(page.getByText(/^PRIV-/).first()).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Baixar JSON" }).click();
  const file = JSON.parse(await readFile(await (await download).path(), "utf8"));
  expect(file.aluno).toMatchObject({ id: school.alunoId, nome: school.nome });
  expect(file.listaDeInadimplentes).toHaveLength(1);

  const exports = await db`select filters ->> 'formato' as formato from export_log
    where tenant_id = ${school.tenantId} and kind = 'titular' order by id`;
  expect(exports.map((e) => e.formato)).toEqual(["html", "json"]);
  const requests = await db`select kind, outcome from privacy_requests where tenant_id = ${school.tenantId}`;
  expect(requests).toHaveLength(2);
});

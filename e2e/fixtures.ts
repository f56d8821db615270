import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { E2E_DATABASE_URL } from "./env";

export const DEMO_PASSWORD = "rematricula";

/** Signs in through the real form, as a person would. */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
}

export async function tenantId(db: Sql, slug: string): Promise<string> {
  const [row] = await db`select id from tenants where slug = ${slug}`;
  return row.id;
}

/** A student with a name no other test uses, so tests never step on each other. */
export async function createAluno(
  db: Sql,
  slug: string,
  fields: { nome?: string; responsavel?: string; serie?: string; unidade?: string | null } = {},
): Promise<{ id: string; nome: string; responsavel: string }> {
  const tag = randomUUID().slice(0, 6);
  const nome = fields.nome ?? `Aluno Teste ${tag}`;
  const responsavel = fields.responsavel ?? `Responsável Teste ${tag}`;
  const tid = await tenantId(db, slug);
  const [row] = await db`insert into alunos (tenant_id, nome, responsavel_nome, serie, turma, ano_letivo, unidade)
    values (${tid}, ${nome}, ${responsavel}, ${fields.serie ?? "5º ano"}, 'A', 2026, ${fields.unidade ?? null})
    returning id`;
  return { id: row.id, nome, responsavel };
}

/** Puts a name on a school's delinquent list, as the finance team would. */
export async function addInadimplente(db: Sql, slug: string, studentName: string, meses = 4): Promise<void> {
  const tid = await tenantId(db, slug);
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
    values (${tid}, ${`E2E-${randomUUID().slice(0, 6)}`}, ${studentName}, ${meses}, 'e2e')`;
}

export const test = base.extend<{ db: Sql }>({
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => {
    const db = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
    await use(db);
    await db.end();
  },
});

export { expect };

/** How many rematrículas a student has, in any school year. */
export async function rematriculaCount(db: Sql, alunoId: string): Promise<number> {
  const [row] = await db`select count(*)::int as n from rematriculas where aluno_id = ${alunoId}`;
  return row.n;
}

/** How many finalize attempts of a student the delinquency check stopped ("blocked") or flagged ("would_block"). */
export async function rematriculaEventCount(db: Sql, alunoId: string, kind: "blocked" | "would_block"): Promise<number> {
  const [row] = await db`select count(*)::int as n from rematricula_events where aluno_id = ${alunoId} and kind = ${kind}`;
  return row.n;
}

/** axe's serious and critical findings on the page as it is, one line each (empty when clean). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Every axe finding on the page, whatever its impact, one line each (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

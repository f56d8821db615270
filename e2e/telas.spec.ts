import type { Browser, Page } from "@playwright/test";
import type { Sql } from "postgres";
import { axeViolations, expect, loginAs, test } from "./fixtures";

// Issue 18: every page each demo role can open, at a desktop and a phone width,
// with axe reporting nothing and no sideways scrolling. A new page is covered by
// adding it to PAGES. The phone is a 390-px viewport without mobile emulation:
// emulation widens the layout viewport to fit the content and hides overflow.

type Who = "secretaria" | "financeiro" | "coordenacao" | "admin" | "multi" | "root";

const USERS: Record<Who, string> = {
  secretaria: "secretaria@pelicano.demo",
  financeiro: "financeiro@pelicano.demo",
  coordenacao: "coordenacao@pelicano.demo",
  admin: "admin@pelicano.demo",
  multi: "multi@demo.demo",
  root: "root@demo.demo",
};

const FRONT_DESK: Who[] = ["secretaria", "coordenacao", "admin", "multi", "root"];
const FINANCE: Who[] = ["financeiro", "coordenacao", "admin", "root"];
const ADMIN: Who[] = ["admin", "root"];
const ROSTER: Who[] = ["secretaria", "admin", "multi", "root"];
const EVERYONE: Who[] = ["secretaria", "financeiro", "coordenacao", "admin", "multi", "root"];

interface Ids {
  aluno: string;
  inadimplente: string;
}

const PAGES: { path: (ids: Ids) => string; who: Who[] }[] = [
  { path: () => "/rematricula", who: FRONT_DESK },
  { path: (ids) => `/rematricula/${ids.aluno}`, who: FRONT_DESK },
  { path: () => "/rematricula/progresso", who: EVERYONE },
  { path: () => "/admin/inadimplentes", who: FINANCE },
  { path: () => "/admin/inadimplentes/novo", who: FINANCE },
  { path: (ids) => `/admin/inadimplentes/${ids.inadimplente}`, who: FINANCE },
  { path: () => "/admin/inadimplentes/importar", who: FINANCE },
  { path: () => "/admin/inadimplentes/importacoes", who: FINANCE },
  { path: () => "/admin/inadimplentes/conciliacao", who: FINANCE },
  { path: () => "/admin/inadimplentes/conciliacao?filtro=so_nome", who: FINANCE },
  { path: () => "/admin/estatisticas", who: FINANCE },
  { path: () => "/admin/liberacoes", who: FINANCE },
  { path: () => "/admin/configuracoes", who: ADMIN },
  { path: () => "/admin/usuarios", who: ADMIN },
  { path: () => "/admin/alunos", who: ADMIN },
  { path: (ids) => `/admin/alunos/${ids.aluno}`, who: ADMIN },
  { path: () => "/admin/alunos/importar", who: ROSTER },
  { path: () => "/admin/alunos/importacoes", who: ROSTER },
  { path: () => "/admin/ano-letivo", who: ADMIN },
  { path: () => "/admin/exportacoes", who: ADMIN },
  { path: () => "/admin/privacidade", who: ADMIN },
  { path: (ids) => `/admin/privacidade/alunos/${ids.aluno}`, who: ADMIN },
  { path: () => "/admin/escolas", who: ["root"] },
  { path: () => "/conta/senha", who: EVERYONE },
  { path: () => "/conta/convites", who: EVERYONE },
  { path: () => "/sem-acesso?para=config", who: EVERYONE },
  { path: () => "/pagina-que-nao-existe", who: EVERYONE },
];

async function demoIds(db: Sql): Promise<Ids> {
  const [aluno] = await db`select a.id from alunos a join tenants t on t.id = a.tenant_id
    where t.slug = 'pelicano' and a.matricula = '001010'`;
  const [row] = await db`select i.id from inadimplentes i join tenants t on t.id = i.tenant_id
    where t.slug = 'pelicano' and i.source = 'demo' order by i.codigo_inadim limit 1`;
  return { aluno: aluno.id, inadimplente: row.id };
}

async function signIn(browser: Browser, who: Who, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await loginAs(page, USERS[who]);
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

for (const width of [1366, 390]) {
  for (const who of Object.keys(USERS) as Who[]) {
    test(`${who} at ${width} px: every page it opens has no axe finding and no sideways scroll`, async ({ browser, db }) => {
      test.setTimeout(300_000);
      const ids = await demoIds(db);
      const page = await signIn(browser, who, width);
      const problems: string[] = [];
      for (const p of PAGES.filter((p) => p.who.includes(who))) {
        const path = p.path(ids);
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        for (const v of await axeViolations(page)) problems.push(`${path}: ${v}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > width) problems.push(`${path}: ${wide} px wide`);
      }
      expect(problems).toEqual([]);
    });
  }
}

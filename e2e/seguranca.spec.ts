import { randomUUID } from "node:crypto";
import type { Page, Request } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

// Web-facing hardening, against the production build: CSRF on server actions,
// the session cookie, what error pages reveal, hostile URLs and inputs.

const FINANCEIRO = "financeiro@pelicano.demo";
const ADMIN = "admin@pelicano.demo";
const HOSTILE_NAME = `<script>alert(1)</script>'; drop table alunos;-- ${randomUUID().slice(0, 8)}`;

/** Nothing a visitor should ever see from the inside of the server. */
function expectNoInternals(body: string) {
  expect(body).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)/m);
  expect(body).not.toMatch(/\bSELECT\b|\bINSERT INTO\b|\bPostgresError\b/);
  expect(body).not.toMatch(/\/work\/|node_modules|\.next\/server|\.tsx?:\d+/);
}

/**
 * Fills the "new delinquent" form and submits it, but stops the server action's
 * POST in the browser: the test gets the exact request a user's click makes,
 * and nothing reached the server.
 */
async function captureCreateAction(page: Page, aluno: string): Promise<Request> {
  let captured: Request | undefined;
  await page.route("**/admin/inadimplentes/novo", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      captured = req;
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page.goto("/admin/inadimplentes/novo");
  await page.getByLabel("Aluno").fill(aluno);
  await page.getByLabel("Meses em atraso").fill("3");
  await page.getByRole("button", { name: "Criar registro" }).click();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute("**/admin/inadimplentes/novo");
  return captured!;
}

/** The captured action sent again from the same signed-in browser context, with other headers. */
async function replay(page: Page, req: Request, override: Record<string, string>, body?: Buffer) {
  const headers = Object.fromEntries(Object.entries(req.headers()).filter(([k]) => !["cookie", "content-length", "host"].includes(k)));
  return page.request.post(req.url(), { headers: { ...headers, ...override }, data: body ?? req.postDataBuffer()!, maxRedirects: 0 });
}

const rowsNamed = async (db: import("postgres").Sql, name: string) =>
  (await db`select count(*)::int as n from inadimplentes where student_name = ${name}`)[0].n as number;

test.describe("server actions and CSRF", () => {
  test("a foreign Origin and Origin: null are refused and change nothing; the same request from our origin works", async ({ page, db, baseURL }) => {
    const aluno = `Aluno CSRF ${randomUUID().slice(0, 8)}`;
    await loginAs(page, FINANCEIRO);
    await page.waitForURL("**/admin/inadimplentes");
    const action = await captureCreateAction(page, aluno);
    expect(await rowsNamed(db, aluno)).toBe(0);

    for (const origin of ["https://escola-falsa.example", "null"]) {
      const res = await replay(page, action, { origin });
      expect(res.status(), `Origin: ${origin}`).toBeGreaterThanOrEqual(400);
      expectNoInternals(await res.text());
      expect(await rowsNamed(db, aluno)).toBe(0);
    }
    // The control: the very same request from our own origin is accepted, so the refusals above were about the Origin.
    const ok = await replay(page, action, { origin: new URL(baseURL!).origin });
    expect(ok.status()).toBeLessThan(400);
    expect(await rowsNamed(db, aluno)).toBe(1);
  });

  test("an oversized (5 MB) request body to a server action is refused with 413 and changes nothing", async ({ page, db }) => {
    const aluno = `Aluno Grande ${randomUUID().slice(0, 8)}`;
    await loginAs(page, FINANCEIRO);
    await page.waitForURL("**/admin/inadimplentes");
    const action = await captureCreateAction(page, aluno);
    const boundary = "----seguranca" + randomUUID().replaceAll("-", "");
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="studentName"\r\n\r\n${aluno}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="guardian1Name"\r\n\r\n${"x".repeat(5 * 1024 * 1024)}\r\n--${boundary}--\r\n`);
    const res = await replay(page, action, { "content-type": `multipart/form-data; boundary=${boundary}` }, body);
    expect(res.status()).toBe(413);
    expectNoInternals(await res.text());
    expect(await rowsNamed(db, aluno)).toBe(0);
  });
});

test("the session cookie is HttpOnly and SameSite=Lax (Secure comes with HTTPS)", async ({ page }) => {
  await loginAs(page, FINANCEIRO);
  await page.waitForURL("**/admin/inadimplentes");
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session, "no session cookie").toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  // Served over plain HTTP here; behind HTTPS Auth.js names it __Secure-authjs.session-token and sets Secure.
  expect(session!.secure).toBe(false);
  expect(session!.name).toBe("authjs.session-token");
});

test.describe("hostile URLs", () => {
  test.beforeEach(async ({ page }) => {
    await loginAs(page, ADMIN);
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  });

  test("invalid ids in URLs answer 404, never 500, and show nothing internal", async ({ page }) => {
    const paths = [
      "/rematricula/not-a-uuid", "/rematricula/%00", "/admin/inadimplentes/x", "/admin/inadimplentes/%00",
      "/admin/inadimplentes/00000000-0000-0000-0000-000000000000", "/admin/alunos/x", "/admin/alunos/'%20or%201=1--",
      "/admin/inadimplentes/importacoes/x", "/api/import/batches/x/errors", "/pagina-que-nao-existe",
    ];
    for (const path of paths) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect([400, 404], `${path} → ${res.status()}`).toContain(res.status());
      expectNoInternals(await res.text());
    }
  });

  test("repeated, malformed and 10 000-character query parameters on every list page answer 200", async ({ page }) => {
    const long = "a".repeat(10_000);
    const lists = ["/admin/inadimplentes", "/admin/alunos", "/admin/usuarios", "/admin/liberacoes", "/admin/inadimplentes/importacoes",
      "/admin/estatisticas", "/admin/configuracoes", "/admin/ano-letivo", "/rematricula", "/rematricula/progresso"];
    const queries = [
      `q=${long}`, "page=abc&page=2&page=-1", "page=99999999999999999999999", "q=%00", "q=%25_%25", "sort=;drop&dir=sideways",
      "status=qualquer&escola=%00&situacao=x&serie=<b>", "q=a&q=b&q=c", "q=%E0%A4%A", `q='%20or%201=1--`,
    ];
    for (const list of lists) {
      for (const query of queries) {
        const res = await page.request.get(`${list}?${query}`, { maxRedirects: 0 });
        expect(res.status(), `${list}?${query.slice(0, 60)}`).toBe(200);
        expectNoInternals(await res.text());
      }
    }
  });

  test("a malformed server action request gets an error without internals", async ({ page }) => {
    const res = await page.request.post("/admin/inadimplentes", {
      headers: { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" }, data: "[\"x\"", maxRedirects: 0,
    });
    expect(res.status()).toBeGreaterThanOrEqual(400);
    expectNoInternals(await res.text());
  });
});

test("SQL and <script> in a name are stored as typed and shown as text, never run", async ({ page, db }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await loginAs(page, FINANCEIRO);
  await page.waitForURL("**/admin/inadimplentes");
  await page.goto("/admin/inadimplentes/novo");
  await page.getByLabel("Aluno").fill(HOSTILE_NAME);
  await page.getByLabel("Meses em atraso").fill("2");
  await page.getByRole("button", { name: "Criar registro" }).click();
  await page.waitForURL(/\/admin\/inadimplentes\/[0-9a-f-]{36}\?salvo=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(HOSTILE_NAME);

  await page.goto(`/admin/inadimplentes?q=${encodeURIComponent(HOSTILE_NAME)}`);
  await expect(page.getByRole("link", { name: HOSTILE_NAME })).toHaveCount(1);
  expect(await page.locator("script:not([src])").evaluateAll((s) => s.filter((e) => e.textContent?.trim() === "alert(1)").length)).toBe(0);
  expect(dialogs).toEqual([]);
  expect(await rowsNamed(db, HOSTILE_NAME)).toBe(1);
  expect((await db`select to_regclass('public.alunos') is not null as ok`)[0].ok).toBe(true);
});

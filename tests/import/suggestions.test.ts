import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { pageSuggestions } from "@/lib/inadimplencia/import/page-suggestions";
import { givenNames, suggestionsQuery } from "@/lib/inadimplencia/import/reconcile";
import { PREVIEW_PAGE_SIZE } from "@/lib/inadimplencia/import/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeStaff, makeTenant } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";
import { loadedFile, row } from "./support";

// Issue 16, a preview that stays fast: suggestions for the rows that match no
// student come from the school's trigram GiST index (migration 0026), for the
// preview's first page only; another page asks suggestionsAction for its rows.

// Only the cookie → user id step is replaced for the action; the school and
// roles come from the real database.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/config", () => ({
  auth: async () => {
    if (!signedIn.userId) return null;
    const { authSession } = await import("../helpers/sessions");
    return authSession(signedIn.userId);
  },
}));

let t: TestDb;
let finance: TenantSession;
let secretaria: TenantSession;
let conceicao: string;
let otherSchool: string;

beforeAll(async () => {
  t = await createTestDb();
  finance = await makeSchool(t.db, {}, ["financeiro"]);
  secretaria = await makeStaff(t.db, finance.tenantId, ["secretaria"]);
  conceicao = await makeAluno(t.db, finance.tenantId, { nome: "Maria Eduarda Conceição", matricula: "M1" });
  await makeAluno(t.db, finance.tenantId, { nome: "Beatriz Lima" });
  await makeAluno(t.db, finance.tenantId, { nome: "João Pedro Almeida" });
  // Another school: the same name as ours, and a name only it has.
  otherSchool = await makeTenant(t.db, "Outra Escola");
  await makeAluno(t.db, otherSchool, { nome: "Maria Eduarda Conceição" });
  await makeAluno(t.db, otherSchool, { nome: "Rafaela Monteiro Duarte" });
});
afterAll(() => t.close());

const ids = (refs: { id: string }[] | null | undefined) => refs?.map((a) => a.id);

describe("the suggestions of a page", () => {
  test("a typo'd name suggests the school's student, never another school's with the same name", async () => {
    const got = await pageSuggestions(finance, [
      { line: 4, name: "Marya Eduarda Conceicao" },
      { line: 9, name: "  MARIA  eduarda CONCEIÇÃO " },
      { line: 12, name: "Rafaela Monteiro Duarte" },
      { line: 13, name: "Zuleica Tavares" },
    ]);
    expect(ids(got[4])).toEqual([conceicao]);
    // Normalised as the staging normalises: spaces, case and accents do not count.
    expect(ids(got[9])).toEqual([conceicao]);
    expect(got[12]).toEqual([]);
    expect(got[13]).toEqual([]);
    expect(got[4][0]).toMatchObject({ nome: "Maria Eduarda Conceição", matricula: "M1", status: "ativo" });
  });

  test("the preview suggests on its first page only; a later page's rows get the same from the page's call", async () => {
    // Unmatched rows come first, by line: the typo at the end falls past the first page.
    const nobody = Array.from({ length: PREVIEW_PAGE_SIZE }, (_, i) => row(i + 2, `Xyzw Qwerty ${i}`));
    const typoLine = PREVIEW_PAGE_SIZE + 2;
    const p = await previewLoaded(finance, loadedFile([...nobody, row(typoLine, "Marya Eduarda Conceicao")]), "upsert");
    const first = p.rows.slice(0, PREVIEW_PAGE_SIZE);
    expect(first.every((r) => r.match.kind === "none" && Array.isArray(r.match.suggestions))).toBe(true);
    const typo = p.rows.find((r) => r.line === typoLine)!;
    expect(typo.match).toEqual({ kind: "none", suggestions: null });
    const later = await pageSuggestions(finance, [{ line: typo.line, name: typo.studentName }]);
    expect(ids(later[typoLine])).toEqual([conceicao]);
    // The same file with the typo first: the preview's own answer is the page's.
    const q = await previewLoaded(finance, loadedFile([row(2, "Marya Eduarda Conceicao"), ...nobody.map((r) => ({ ...r, line: r.line + 1 }))]), "upsert");
    const own = q.rows.find((r) => r.line === 2)!;
    expect(own.match.kind === "none" && ids(own.match.suggestions)).toEqual([conceicao]);
  });

  test("bad input is refused with a Portuguese message", async () => {
    const tooMany = Array.from({ length: PREVIEW_PAGE_SIZE + 1 }, (_, i) => ({ line: i + 2, name: "Beatriz" }));
    await expect(pageSuggestions(finance, tooMany)).rejects.toThrow(`No máximo ${PREVIEW_PAGE_SIZE} linhas por vez.`);
    await expect(pageSuggestions(finance, [{ line: 2, name: "Bea\u0000triz" }]))
      .rejects.toThrow("O nome do aluno contém caracteres inválidos.");
    await expect(pageSuggestions(finance, [{ line: 2, name: "B".repeat(201) }]))
      .rejects.toThrow("Nome do aluno com mais de 200 caracteres.");
    await expect(pageSuggestions(finance, [{ line: 2.5, name: "Beatriz" }])).rejects.toThrow("Linha inválida.");
    await expect(pageSuggestions(finance, [{ line: 2, name: "A" }, { line: 2, name: "B" }])).rejects.toThrow("Linha repetida no pedido.");
    await expect(pageSuggestions(finance, "Beatriz")).rejects.toThrow("Pedido inválido: envie as linhas da página.");
  });
});

describe("suggestionsAction", () => {
  const action = async (input: unknown) =>
    (await import("@/app/(app)/admin/inadimplentes/importar/actions")).suggestionsAction(input);

  test("answers finance", async () => {
    signedIn.userId = finance.userId;
    const answer = await action([{ line: 3, name: "Marya Eduarda Conceicao" }]);
    expect(answer.status === "success" && ids(answer.suggestions[3])).toEqual([conceicao]);
  });

  test("refuses a role that may not import the list, and a caller not signed in", async () => {
    signedIn.userId = secretaria.userId;
    const refused = await action([{ line: 3, name: "Marya Eduarda Conceicao" }]);
    expect(refused).toEqual({ status: "error", code: "FORBIDDEN", message: "Você não tem permissão para esta ação." });
    await expect(pageSuggestions(secretaria, [{ line: 3, name: "Beatriz" }])).rejects.toMatchObject({ code: "FORBIDDEN" });
    signedIn.userId = null;
    expect(await action([{ line: 3, name: "Beatriz" }]))
      .toEqual({ status: "error", code: "UNAUTHENTICATED", message: "Sua sessão expirou. Entre novamente." });
  });

  test("bad input is an answer in Portuguese, never an exception", async () => {
    signedIn.userId = finance.userId;
    expect(await action([{ line: 3, name: "x\u0000" }]))
      .toEqual({ status: "error", code: "VALIDATION", message: "O nome do aluno contém caracteres inválidos." });
    expect(await action({ line: 3 }))
      .toEqual({ status: "error", code: "VALIDATION", message: "Pedido inválido: envie as linhas da página." });
  });
});

// The plan only means something on the server the app runs on; PGlite is
// checked above for the answers.
describe.runIf(process.env.DATABASE_URL)("the suggestions' plan on PostgreSQL", () => {
  test("as the app role under RLS, each name is an ordered scan of the school's trigram GiST index", async () => {
    // A school big enough that reading it all would be the cheaper plan's rival.
    await t.db.execute(sql`insert into alunos (tenant_id, nome)
      select ${finance.tenantId}, 'Aluno ' || md5(g::text) from generate_series(1, 3000) g`);
    await t.db.execute(sql`insert into alunos (tenant_id, nome)
      select ${otherSchool}, 'Aluno ' || md5(g::text) from generate_series(1, 3000) g`);
    await t.db.execute(sql`analyze alunos`);
    const plan = await withTenant(finance, async (tx) => rowsOf<{ "QUERY PLAN": string }>(await tx.execute(
      sql`explain ${suggestionsQuery(givenNames([{ line: 2, name: "Marya Eduarda Conceicao" }, { line: 3, name: "Beatriz Lyma" }]))}`,
    )).map((r) => r["QUERY PLAN"]).join("\n"));
    expect(plan).toMatch(/Index Scan using alunos_tenant_nome_trgm_gist_idx on alunos/);
    expect(plan).toMatch(/Index Cond: \(tenant_id = /);
    expect(plan).toMatch(/Order By: \(nome_norm <-> /);
  });
});

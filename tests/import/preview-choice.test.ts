import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { POST as preview } from "@/app/api/import/preview/route";
import { auth } from "@/lib/auth/config";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeTenant } from "../helpers/fixtures";
import { authSession } from "../helpers/sessions";
import { checkOneOf, makeSchool } from "../inadimplencia/support";
import { loadedFile, row } from "./support";

// Issue 16, the preview's path: for a row of homonyms or of no match, finance
// chooses the student in the preview and the commit links the row to them.

// Only the cookie → user id step is replaced for the route test; the school and
// roles come from the real database.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));

let t: TestDb;
let s: TenantSession;
let bia1: string;
let bia2: string;
let conceicao: string;
let stranger: string;

beforeAll(async () => {
  t = await createTestDb();
  s = await makeSchool(t.db, {}, ["financeiro"]);
  bia1 = await makeAluno(t.db, s.tenantId, { nome: "Beatriz Lima", matricula: "B1", serie: "3º ano" });
  bia2 = await makeAluno(t.db, s.tenantId, { nome: "Beatriz Lima", matricula: "B2", serie: "7º ano" });
  conceicao = await makeAluno(t.db, s.tenantId, { nome: "Maria Eduarda Conceição" });
  stranger = await makeAluno(t.db, await makeTenant(t.db, "Outra Escola"), { nome: "Beatriz Lima" });
});
afterAll(() => t.close());

const file = () => loadedFile([row(2, "Beatriz Lima"), row(3, "Marya Eduarda Conceicao")]);

describe("choosing the student in the preview", () => {
  test("left as it is, a row of homonyms will block both and says so; a typo blocks nobody but suggests", async () => {
    const p = await previewLoaded(s, file(), "upsert");
    const homonym = p.rows.find((r) => r.line === 2)!;
    expect(homonym.match.kind === "many" && homonym.match.candidates.map((a) => a.matricula)).toEqual(["B1", "B2"]);
    expect([homonym.blocks, homonym.chosen]).toEqual([2, null]);
    const typo = p.rows.find((r) => r.line === 3)!;
    expect(typo.match.kind === "none" && typo.match.suggestions?.map((a) => a.id)).toEqual([conceicao]);
    expect(typo.blocks).toBe(0);
    expect(p.effect).toMatchObject({ blocks: 2, unmatchedRows: 1 });
  });

  test("a choice counts in the preview, links the row at commit, blocks only that homonym, and is audited", async () => {
    const choices = { 2: bia2, 3: conceicao };
    const p = await previewLoaded(s, file(), "upsert", choices);
    expect(p.rows.map((r) => [r.line, r.chosen, r.blocks])).toEqual([[3, conceicao, 1], [2, bia2, 1]]);
    expect(p.effect).toMatchObject({ blocks: 2, unmatchedRows: 0 });
    const report = await commitLoaded(s, file(), "upsert", choices);
    expect(report.effect).toEqual(p.effect);
    const rows = await q<{ student_name: string; aluno_id: string }>(t.db, sql`select student_name, aluno_id from inadimplentes
      where tenant_id = ${s.tenantId} and is_active order by student_name`);
    expect(rows).toEqual([
      { student_name: "Beatriz Lima", aluno_id: bia2 },
      { student_name: "Marya Eduarda Conceicao", aluno_id: conceicao },
    ]);
    expect((await checkOneOf(s, bia2))?.isInadimplente).toBe(true);
    expect((await checkOneOf(s, bia1))?.isInadimplente).toBe(false);
    expect((await checkOneOf(s, conceicao))?.isInadimplente).toBe(true);
    const audit = await q<{ action: string; aluno: string; actor: string }>(t.db, sql`select action, after ->> 'aluno_id' as aluno,
        actor::text as actor
      from inadimplentes_audit where batch_id = ${report.batchId} order by after ->> 'student_name'`);
    expect(audit).toEqual([
      { action: "import", aluno: bia2, actor: s.userId },
      { action: "import", aluno: conceicao, actor: s.userId },
    ]);
  });

  test("another school's student, an unknown id, or a line not in the file is refused in Portuguese and writes nothing", async () => {
    const before = await q(t.db, sql`select count(*)::int as n from inadimplentes_audit where tenant_id = ${s.tenantId}`);
    const stale = "O aluno escolhido para a linha 2 não é um aluno desta escola. Pré-visualize o arquivo de novo e escolha outra vez.";
    await expect(previewLoaded(s, file(), "upsert", { 2: stranger })).rejects.toThrow(stale);
    await expect(commitLoaded(s, file(), "upsert", { 2: stranger })).rejects.toThrow(stale);
    await expect(commitLoaded(s, file(), "upsert", { 2: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(stale);
    await expect(previewLoaded(s, file(), "upsert", { 2: "new" })).rejects.toThrow(stale);
    await expect(previewLoaded(s, file(), "upsert", { 9: bia1 })).rejects.toThrow("A linha 9 não é uma linha válida do arquivo");
    expect(await q(t.db, sql`select count(*)::int as n from inadimplentes_audit where tenant_id = ${s.tenantId}`)).toEqual(before);
  });

  test("through the route, a bad choice is a 400 with the message, never a 500", async () => {
    vi.mocked(auth as unknown as () => Promise<unknown>).mockImplementation(() => authSession(s.userId));
    const form = (confirmations: string) => {
      const f = new FormData();
      f.append("file", new File(["Aluno;Meses\r\nBeatriz Lima;2\r\n"], "lista.csv", { type: "text/csv" }));
      f.append("mode", "upsert");
      f.append("confirmations", confirmations);
      return new Request("http://escola.test/api/import/preview", {
        method: "POST", body: f, headers: { host: "escola.test", origin: "http://escola.test" },
      });
    };
    const other = await preview(form(JSON.stringify({ 2: stranger })));
    expect(other.status).toBe(400);
    expect((await other.json()).message).toMatch(/não é um aluno desta escola/);
    const junk = await preview(form("{\"2\": \"x\u0000\"}"));
    expect(junk.status).toBe(400);
    const ok = await preview(form(JSON.stringify({ 2: bia1 })));
    const body = await ok.json();
    expect([ok.status, body.rows[0].chosen, body.effect.blocks]).toEqual([200, bia1, 1]);
  });
});

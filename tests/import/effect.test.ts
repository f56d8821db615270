import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { previewLoaded } from "@/lib/inadimplencia/import/dry-run";
import { FLAG_KEYS } from "@/lib/inadimplencia/flags";
import { q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, setFlag } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";
import { loadedFile, row } from "./support";

// Issue 18: the preview and the report say what the file does to who is
// blocked. Each number is held against what the check itself answers after
// the commit (check_inadimplencia_in over every student of the school).

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.close());

/** The students the check blocks now, straight from the database. */
async function blockedNow(tenantId: string): Promise<Set<string>> {
  const rows = await q<{ aluno_id: string }>(t.db, sql`select aluno_id from check_inadimplencia_in(${tenantId}::uuid,
      array(select id from alunos where tenant_id = ${tenantId}))
    where is_inadimplente`);
  return new Set(rows.map((r) => r.aluno_id));
}

/** Active rows of the list that match no student, by the rule and the school's flags. */
async function unmatchedActiveRows(tenantId: string): Promise<number> {
  const [r] = await q<{ n: number }>(t.db, sql`select count(*)::int as n from inadimplentes i
    cross join inadimplencia_match_cfg(${tenantId}::uuid) cfg
    where i.tenant_id = ${tenantId} and i.is_active
      and not exists (select 1 from alunos a where inadimplencia_matches(i, a, cfg.require_guardian, cfg.require_same_school))`);
  return Number(r.n);
}

describe("a file whose rows match nobody", () => {
  test("blocks 0 students and says how many rows match nobody", async () => {
    const s = await makeSchool(t.db, {}, ["financeiro"]);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza" });
    const file = loadedFile([row(2, "Zuleide Quaresma"), row(3, "Teodoro Pimenta"), row(4, "Wanda Brito")]);
    const preview = await previewLoaded(s, file, "upsert");
    expect(preview.effect).toEqual({ checkEnabled: true, blocks: 0, unblocks: 0, unmatchedRows: 3 });
    const report = await commitLoaded(s, file, "upsert");
    expect(report.effect).toEqual(preview.effect);
    expect((await blockedNow(s.tenantId)).size).toBe(0);
    expect(await unmatchedActiveRows(s.tenantId)).toBe(3);
  });
});

describe("blocks and unblocks, against the check after the commit", () => {
  let s: TenantSession;
  let ids: Record<string, string>;

  beforeAll(async () => {
    s = await makeSchool(t.db, {}, ["financeiro"]);
    const mk = (nome: string, matricula?: string) => makeAluno(t.db, s.tenantId, { nome, matricula });
    ids = {
      ana: await mk("Ana Souza"), bia1: await mk("Beatriz Lima", "B1"), bia2: await mk("Beatriz Lima", "B2"),
      caio: await mk("Caio Prado"), davi: await mk("Davi Rocha"), eva: await mk("Eva Nunes"),
    };
    // On the list today: Caio (stays in the file), Davi and Eva (absent from it).
    await makeInadimplente(t.db, s.tenantId, { studentName: "Caio Prado", codigo: "C1", meses: 2 });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Davi Rocha", codigo: "C2", meses: 2 });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Eva Nunes", codigo: "C3", meses: 2 });
  });

  const file = loadedFile([
    row(2, "Ana Souza"), // one student
    row(3, "Beatriz Lima"), // two homonyms, no code: both
    row(4, "Caio Prado", { codigoInadim: "C1" }), // already on the list
    row(5, "Ninguém Daqui"), // nobody
    row(6, "Eva Nunes", { codigoInadim: "C3", guardian1Name: "Rui Nunes" }), // a new key: Eva stays blocked
  ]);

  test("upsert: the file blocks 5; nobody is unblocked; one row matches nobody", async () => {
    const p = await previewLoaded(s, file, "upsert");
    expect(p.effect).toEqual({ checkEnabled: true, blocks: 5, unblocks: 0, unmatchedRows: 1 });
    expect(p.rows.find((r) => r.line === 3)?.blocks).toBe(2);
    expect(p.rows.find((r) => r.line === 5)?.blocks).toBe(0);
  });

  test("replace: the preview's numbers are what the check answers after the commit", async () => {
    const before = await blockedNow(s.tenantId);
    expect(before).toEqual(new Set([ids.caio, ids.davi, ids.eva]));
    const p = await previewLoaded(s, file, "replace");
    // Davi leaves the list; Eva's old row goes too, but the file's new row for her keeps her blocked.
    expect(p.effect).toEqual({ checkEnabled: true, blocks: 5, unblocks: 1, unmatchedRows: 1 });
    const report = await commitLoaded(s, file, "replace");
    expect(report.effect).toEqual(p.effect);
    const after = await blockedNow(s.tenantId);
    expect(after.size).toBe(p.effect.blocks);
    expect([...before].filter((id) => !after.has(id)).length).toBe(p.effect.unblocks);
    expect(await unmatchedActiveRows(s.tenantId)).toBe(p.effect.unmatchedRows);
  });
});

describe("a student with a valid liberação", () => {
  test("is neither counted as blocked nor as unblocked: the check lets them through", async () => {
    const s = await makeSchool(t.db, {}, ["financeiro"]);
    const ana = await makeAluno(t.db, s.tenantId, { nome: "Ana Souza" });
    await makeAluno(t.db, s.tenantId, { nome: "Bruno Reis" });
    const davi = await makeAluno(t.db, s.tenantId, { nome: "Davi Rocha" });
    const eva = await makeAluno(t.db, s.tenantId, { nome: "Eva Nunes" });
    await makeLiberacao(t.db, s.tenantId, ana, { validFor: "30 days" });
    await makeLiberacao(t.db, s.tenantId, davi, { validFor: "30 days" });
    // A revoked or expired liberação stops nobody's block.
    await makeLiberacao(t.db, s.tenantId, eva, { validFor: "30 days", revoked: true });
    await makeInadimplente(t.db, s.tenantId, { studentName: "Davi Rocha", codigo: "D1", meses: 2 });
    const before = await blockedNow(s.tenantId);
    expect(before).toEqual(new Set());
    const file = loadedFile([row(2, "Ana Souza"), row(3, "Bruno Reis"), row(4, "Eva Nunes")]);
    const p = await previewLoaded(s, file, "replace");
    // Ana and Davi hold a liberação: the file stops Bruno and Eva, and taking Davi off unblocks nobody.
    expect(p.effect).toEqual({ checkEnabled: true, blocks: 2, unblocks: 0, unmatchedRows: 0 });
    const report = await commitLoaded(s, file, "replace");
    expect(report.effect).toEqual(p.effect);
    const after = await blockedNow(s.tenantId);
    expect(after.size).toBe(p.effect.blocks);
    expect([...before].filter((id) => !after.has(id)).length).toBe(p.effect.unblocks);
  });
});

describe("the school's flags and unidades", () => {
  test("a row naming another school is warned with its line; under the same-school rule it blocks only if linked", async () => {
    const s = await makeSchool(t.db, { requireSameSchool: true }, ["financeiro"]);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza", unidade: "Centro" });
    // Two Brunos: the row stays unlinked, so the same-school rule decides, and it matches neither.
    await makeAluno(t.db, s.tenantId, { nome: "Bruno Reis", unidade: "Norte" });
    await makeAluno(t.db, s.tenantId, { nome: "Bruno Reis", unidade: "Centro" });
    const file = loadedFile([
      row(2, "Ana Souza", { studentEscola: "Centro" }),
      row(3, "Bruno Reis", { studentEscola: "Colégio Vizinho" }),
      row(4, "Caio Prado", { studentEscola: "Escola Teste" }), // the school's own name is not another school
      row(5, "Davi Rocha", { studentEscola: "Teste" }), // nor its short form
      row(6, "Eva Nunes", { studentEscola: "Unidade Norte" }), // nor a unidade's long form
      row(7, "Ivo Reis", { studentEscola: "Escola Vizinha" }),
    ]);
    const p = await previewLoaded(s, file, "upsert");
    expect(p.warnings).toEqual([3, 7].map((line) => ({
      line,
      reason: `A coluna Unidade diz “${line === 3 ? "Colégio Vizinho" : "Escola Vizinha"}”, que não é uma unidade desta escola (Centro, Norte): confira se esta linha é mesmo desta escola.`,
    })));
    expect(p.counts.warnings).toBe(2);
    expect(p.effect).toMatchObject({ blocks: 1, unmatchedRows: 5 });
    const report = await commitLoaded(s, file, "upsert");
    expect(report.warnings).toEqual(p.warnings);
    expect((await blockedNow(s.tenantId)).size).toBe(1);
    expect(await unmatchedActiveRows(s.tenantId)).toBe(5);
  });

  test("a school without unidades is not warned; with the check off, the preview says so", async () => {
    const s = await makeSchool(t.db, {}, ["financeiro"]);
    await setFlag(t.db, s.tenantId, FLAG_KEYS.enabled, false);
    await makeAluno(t.db, s.tenantId, { nome: "Ana Souza" });
    const p = await previewLoaded(s, loadedFile([row(2, "Ana Souza", { studentEscola: "Qualquer Uma" })]), "upsert");
    expect(p.warnings).toEqual([]);
    expect(p.effect).toEqual({ checkEnabled: false, blocks: 1, unblocks: 0, unmatchedRows: 0 });
  });
});

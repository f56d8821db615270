import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { undoAction } from "@/app/(app)/admin/inadimplentes/importacoes/[id]/actions";
import { GET as errorsCsv } from "@/app/api/import/batches/[id]/errors/route";
import { POST as commit } from "@/app/api/import/commit/route";
import { POST as preview } from "@/app/api/import/preview/route";
import { auth } from "@/lib/auth/config";
import { q } from "../foundation/support";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeStaff, makeTenant } from "../helpers/fixtures";
import { authSession } from "../helpers/sessions";

// Only the cookie → user id step is replaced (no request, no JWT here); the
// user's school and roles are resolved from the real database, and the routes
// run the real import on it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));
const signedInAs = (userId: string) =>
  vi.mocked(auth as unknown as () => Promise<unknown>).mockImplementation(() => authSession(userId));

const EXCEL = readFileSync(path.join(__dirname, "../../e2e/files/inadimplentes-excel-ptbr.csv"));
const HEADERS = { host: "escola.test", origin: "http://escola.test" };

let db: TestDb;
let tenantId: string;
let financeiro: string;
let secretaria: string;
let otherFinance: string;

beforeAll(async () => {
  db = await createTestDb();
  tenantId = await makeTenant(db.db);
  financeiro = (await makeStaff(db.db, tenantId, ["financeiro"])).userId;
  secretaria = (await makeStaff(db.db, tenantId, ["secretaria"])).userId;
  otherFinance = (await makeStaff(db.db, await makeTenant(db.db, "Outra Escola"), ["financeiro"])).userId;
  await makeAluno(db.db, tenantId, { nome: "Maria dos Falcão Gonçalves" });
});
afterAll(() => db.close());

function upload(url: string, fields: Record<string, string>, bytes: Uint8Array = EXCEL, headers = HEADERS): Request {
  const form = new FormData();
  form.append("file", new File([bytes as BlobPart], "inadimplentes-excel-ptbr.csv", { type: "text/csv" }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request(`http://escola.test${url}`, { method: "POST", body: form, headers });
}

const batchParams = (id: string) => ({ params: Promise.resolve({ id }) });
const activeCount = async () =>
  (await q<{ n: number }>(db.db, sql`select count(*)::int as n from inadimplentes where tenant_id = ${tenantId} and is_active`))[0].n;

describe("import route handlers", () => {
  let sha: string;
  let batchId: string;

  it("preview: the Excel file decoded, counted and reconciled, nothing written", async () => {
    signedInAs(financeiro);
    const res = await preview(upload("/api/import/preview", { mode: "upsert" }));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.counts.new).toBe(20);
    const maria = body.rows.find((r: { studentName: string }) => r.studentName === "Maria dos Falcão Gonçalves");
    expect(maria.match.kind).toBe("one");
    expect(await activeCount()).toBe(0);
    sha = body.sha256;
  });

  it("preview: an unreadable file is a 422 with the reader's message; an unknown layout asks for the mapping", async () => {
    signedInAs(financeiro);
    const empty = await preview(upload("/api/import/preview", { mode: "upsert" }, new Uint8Array()));
    expect(empty.status).toBe(422);
    expect((await empty.json()).error).toMatch(/vazio/);
    const odd = await preview(upload("/api/import/preview", { mode: "upsert" }, new TextEncoder().encode("a;b\nx;1\n")));
    const oddBody = await odd.json();
    expect([odd.status, oddBody.needsMapping, oddBody.headers]).toEqual([200, true, ["a", "b"]]);
    const mapped = await preview(upload("/api/import/preview", { mode: "upsert", mapping: JSON.stringify({ student_name: 0 }) },
      new TextEncoder().encode("a;b\nAna Lima;1\n")));
    expect((await mapped.json()).counts.new).toBe(1);
  });

  it("preview and commit refuse the secretaria, a cross-site post and an oversized body", async () => {
    signedInAs(secretaria);
    expect((await preview(upload("/api/import/preview", { mode: "upsert" }))).status).toBe(403);
    expect((await commit(upload("/api/import/commit", { mode: "upsert", sha256: sha }))).status).toBe(403);
    signedInAs(financeiro);
    const cross = upload("/api/import/commit", { mode: "upsert", sha256: sha }, EXCEL, { host: "escola.test", origin: "https://outro.example" });
    expect((await commit(cross)).status).toBe(403);
    const huge = new Request("http://escola.test/api/import/preview", {
      method: "POST", body: "x", headers: { ...HEADERS, "content-type": "multipart/form-data; boundary=x", "content-length": String(500 * 1024 * 1024) },
    });
    const res = await preview(huge);
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/limite de 20 MB/);
    expect(await activeCount()).toBe(0);
  });

  it("commit: refuses a file other than the previewed one, then imports the previewed one", async () => {
    signedInAs(financeiro);
    const wrong = await commit(upload("/api/import/commit", { mode: "upsert", sha256: "0".repeat(64) }));
    expect(wrong.status).toBe(400);
    expect(await activeCount()).toBe(0);
    const res = await commit(upload("/api/import/commit", { mode: "upsert", sha256: sha }));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.counts.inserted).toBe(20);
    expect(await activeCount()).toBe(20);
    batchId = body.batchId;
    const again = await (await commit(upload("/api/import/commit", { mode: "upsert", sha256: sha }))).json();
    expect([again.counts.inserted, again.counts.updated]).toEqual([0, 0]);
  });

  it("errors CSV: the school's finance user gets it; a bad id, another school and the secretaria do not", async () => {
    signedInAs(financeiro);
    const ok = await errorsCsv(new Request("http://escola.test/x"), batchParams(batchId));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/text\/csv/);
    expect(await ok.text()).toMatch(/linha;tipo;motivo/);
    for (const id of ["nao-e-uuid", "00000000-0000-0000-0000-000000000000", "x\u0000".repeat(5000)]) {
      expect((await errorsCsv(new Request("http://escola.test/x"), batchParams(id))).status).toBe(404);
    }
    signedInAs(otherFinance);
    expect((await errorsCsv(new Request("http://escola.test/x"), batchParams(batchId))).status).toBe(404);
    signedInAs(secretaria);
    expect((await errorsCsv(new Request("http://escola.test/x"), batchParams(batchId))).status).toBe(403);
  });

  it("undo action: refuses with the changed rows listed, and refuses another school and the secretaria", async () => {
    const form = (id: string) => { const f = new FormData(); f.append("batchId", id); return f; };
    await db.db.execute(sql`update inadimplentes set meses_inadim = 99
      where tenant_id = ${tenantId} and student_name = 'Otávio Oliveira Brandão' and is_active`);
    signedInAs(financeiro);
    const refused = await undoAction({ status: "idle" }, form(batchId));
    expect(refused).toMatchObject({ status: "error", code: "CONFLICT", rows: ["Otávio Oliveira Brandão"] });
    expect(await undoAction({ status: "idle" }, form("lixo"))).toMatchObject({ status: "error", code: "NOT_FOUND" });
    signedInAs(otherFinance);
    expect(await undoAction({ status: "idle" }, form(batchId))).toMatchObject({ status: "error", code: "NOT_FOUND" });
    signedInAs(secretaria);
    expect(await undoAction({ status: "idle" }, form(batchId))).toMatchObject({ status: "error", code: "FORBIDDEN" });
    expect(await activeCount()).toBe(20);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth/config";
import { importRoute } from "@/lib/import/route";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStaff, makeTenant } from "../helpers/fixtures";
import { authSession } from "../helpers/sessions";

// Only the cookie → user id step is replaced (no request, no JWT here); the
// user's school and roles are still resolved from the real database.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));
const signedInAs = (userId: string | null) =>
  vi.mocked(auth as unknown as () => Promise<unknown>).mockImplementation(async () => (userId ? authSession(userId) : null));

let db: TestDb;
let financeiro: string;
let secretaria: string;

beforeAll(async () => {
  db = await createTestDb();
  const tenantId = await makeTenant(db.db);
  financeiro = (await makeStaff(db.db, tenantId, ["financeiro"])).userId;
  secretaria = (await makeStaff(db.db, tenantId, ["secretaria"])).userId;
});
afterAll(() => db.close());
beforeEach(() => vi.mocked(auth).mockReset());

const SAME = { host: "escola.test", origin: "http://escola.test" };

function upload(headers: Record<string, string> = SAME, size = 10): Request {
  const form = new FormData();
  form.append("file", new File(["x".repeat(size)], "lista.csv"));
  form.append("mode", "upsert");
  return new Request("http://escola.test/api/import/preview", { method: "POST", body: form, headers });
}

/** The route frame with a stand-in for the domain step, to see whether it was reached. */
async function call(request: Request) {
  const work = vi.fn(async () => Response.json({ ok: true }));
  const res = await importRoute("test", request, work);
  return { status: res.status, body: await res.json(), reached: work.mock.calls.length > 0 };
}

describe("import upload route frame", () => {
  it("lets the school's finance user through, with their session", async () => {
    signedInAs(financeiro);
    const work = vi.fn(async (ctx: { session: { userId: string } }) => Response.json({ user: ctx.session.userId }));
    const res = await importRoute("test", upload(), work);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: financeiro });
  });

  it("refuses a cross-site post before resolving anyone (403)", async () => {
    signedInAs(financeiro);
    for (const origin of ["https://malicioso.example", "null"]) {
      const r = await call(upload({ host: "escola.test", origin }));
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/não veio desta aplicação/);
      expect(r.reached).toBe(false);
    }
    expect(auth).not.toHaveBeenCalled();
  });

  it("refuses an anonymous request (401) and the secretaria (403)", async () => {
    signedInAs(null);
    const anon = await call(upload());
    expect([anon.status, anon.body.error, anon.reached]).toEqual([401, "UNAUTHENTICATED", false]);
    signedInAs(secretaria);
    const sec = await call(upload());
    expect([sec.status, sec.body.error, sec.reached]).toEqual([403, "FORBIDDEN", false]);
  });

  it("keeps an unexpected failure's details out of the answer", async () => {
    signedInAs(financeiro);
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await importRoute("test", upload(), async () => { throw new Error("relation secret does not exist"); });
    spy.mockRestore();
    const body = await res.json();
    expect(res.status).toBe(500);
    expect(body.message).not.toMatch(/relation/);
  });
});

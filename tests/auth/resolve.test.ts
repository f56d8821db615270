import { afterAll, beforeAll, expect, test } from "vitest";
import { resolveContext, setActiveTenant } from "@/lib/auth/resolve";
import { landingPath } from "@/lib/auth/landing";
import { addMembership, makeTenant, makeUser } from "../helpers/fixtures";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let a: string, b: string, c: string, user: string;

beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
  c = await makeTenant(t.db, "Escola C");
  user = await makeUser(t.db, "Usuária Várias Escolas");
  await addMembership(t.db, a, user, "secretaria");
  await addMembership(t.db, b, user, "secretaria");
  await addMembership(t.db, b, user, "admin");
});
afterAll(async () => { await t?.close(); });

test("without a choice, the school with the most privileged role is active", async () => {
  const ctx = await resolveContext(user);
  expect(ctx?.tenant?.id).toBe(b);
  expect(ctx?.roles.sort()).toEqual(["admin", "secretaria"]);
  expect(ctx?.tenants.map((x) => x.id).sort()).toEqual([a, b].sort());
});

test("the school the user chose stays active; one they are not a member of is refused", async () => {
  expect(await setActiveTenant(user, a)).toBe(true);
  expect((await resolveContext(user))?.tenant?.id).toBe(a);
  expect(await setActiveTenant(user, c)).toBe(false);
  expect((await resolveContext(user))?.tenant?.id).toBe(a);
});

test("a user without active memberships has no school and no roles", async () => {
  const lonely = await makeUser(t.db, "Sem Escola");
  const ctx = await resolveContext(lonely);
  expect(ctx?.tenant).toBeNull();
  expect(ctx?.roles).toEqual([]);
  expect(landingPath(ctx!.roles)).toBe("/sem-acesso");
});

test("landing pages follow the roles", () => {
  expect(landingPath(["secretaria"])).toBe("/rematricula");
  expect(landingPath(["financeiro"])).toBe("/admin/inadimplentes");
  expect(landingPath(["aluno", "professor"])).toBe("/sem-acesso");
});

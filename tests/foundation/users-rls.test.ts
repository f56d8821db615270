import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withAppContext } from "@/db/tenant";
import { createTestDb, type TestDb } from "../helpers/db";
import { addMembership, makeTenant, makeUser } from "../helpers/fixtures";
import { expectPgError, q } from "./support";

// users is global (no tenant_id), so it is not covered by the catalog check: a
// user sees themself and the members of the request's school, and the password
// hash is reachable only through auth_user_by_email (sign-in, before any tenant).

let t: TestDb;
let a: string, b: string, u: string, colleague: string, outsider: string;
beforeAll(async () => {
  t = await createTestDb();
  a = await makeTenant(t.db, "Escola A");
  b = await makeTenant(t.db, "Escola B");
  u = await makeUser(t.db, "Usuária U");
  colleague = await makeUser(t.db, "Colega em A");
  outsider = await makeUser(t.db, "Só em B");
  await addMembership(t.db, a, u, "secretaria");
  await addMembership(t.db, a, colleague, "professor");
  await addMembership(t.db, b, outsider, "admin");
});
afterAll(async () => { await t?.close(); });

const visibleIds = (tenantId: string, userId: string) => withAppContext({ tenantId, userId },
  async (tx) => (await q<{ id: string }>(tx, sql`select id::text from users`)).map((r) => r.id).sort(), t.db);

test("a user sees themself and the members of the current school only", async () => {
  expect(await visibleIds(a, u)).toEqual([u, colleague].sort());
});

test("a user sees themself even in a school they do not belong to", async () => {
  // U is not a member of B: the self clause, not the membership clause, shows U.
  expect(await visibleIds(b, u)).toEqual([u, outsider].sort());
});

test("looking a foreign user up by id finds nothing", async () => {
  const rows = await withAppContext({ tenantId: a, userId: u },
    (tx) => q(tx, sql`select id from users where id = ${outsider}`), t.db);
  expect(rows).toEqual([]);
  expect(await q(t.db, sql`select id from users where id = ${outsider}`)).toHaveLength(1);
});

test("the app role may not read password_hash", async () => {
  await expectPgError(withAppContext({ tenantId: a, userId: u },
    (tx) => tx.execute(sql`select password_hash from users where id = ${u}`), t.db), "42501");
  // `select *` would include it, so it is refused as well.
  await expectPgError(withAppContext({ tenantId: a, userId: u },
    (tx) => tx.execute(sql`select * from users`), t.db), "42501");
});

test("auth_user_by_email returns the hash to the app role, matching the e-mail case-insensitively", async () => {
  await t.db.execute(sql`update users set password_hash = 'argon2-hash-of-u' where id = ${u}`);
  const [{ email }] = await q<{ email: string }>(t.db, sql`select email from users where id = ${u}`);
  const rows = await withAppContext({}, (tx) => q<{ id: string; password_hash: string }>(tx,
    sql`select id::text, password_hash from auth_user_by_email(${`  ${email.toUpperCase()} `})`), t.db);
  expect(rows).toEqual([{ id: u, password_hash: "argon2-hash-of-u" }]);
});

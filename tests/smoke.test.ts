import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withAppContext } from "@/db/tenant";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

test("requests run as the application role", async () => {
  const r = await withAppContext({}, (tx) => tx.execute(sql`select current_user as u`), t.db);
  expect(rowsOf<{ u: string }>(r)[0].u).toBe("rematricula_app");
});

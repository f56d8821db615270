import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/db/schema";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { seedDemo } from "@/scripts/seed/demo";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "../foundation/support";
import { check } from "../inadimplencia/support";

// The README points newcomers to this file: imported into the demo school, it
// must block demo students that the secretaria can then find.
const EXAMPLE = path.resolve(import.meta.dirname, "../../docs/exemplos/inadimplentes-pelicano.csv");

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
});
afterAll(() => t?.close());

async function demoSession(email: string, role: Role): Promise<TenantSession> {
  const [row] = await q<{ tenant_id: string; user_id: string }>(t.db, sql`select t.id as tenant_id, u.id as user_id
    from tenants t, users u where t.slug = 'pelicano' and u.email = ${email}`);
  return { tenantId: row.tenant_id, userId: row.user_id, roles: [role] };
}

test("the README's example finance file, imported into the demo school, blocks the demo students it names", async () => {
  const finance = await demoSession("financeiro@pelicano.demo", "financeiro");
  const secretaria = await demoSession("secretaria@pelicano.demo", "secretaria");
  const file = { name: "inadimplentes-pelicano.csv", bytes: new Uint8Array(readFileSync(EXAMPLE)) };

  const preview = await previewImport(finance, file, { mode: "upsert" });
  if (!preview.ok) throw new Error(preview.error);
  expect(preview.invalid).toEqual([]);
  expect(preview.counts.total).toBe(5);
  // Each row names exactly one demo student: nobody else is caught, nobody escapes.
  expect(preview.rows.map((r) => r.match.kind)).toEqual(["one", "one", "one", "one", "one"]);

  const students = await q<{ id: string }>(t.db, sql`select a.id from alunos a join tenants t on t.id = a.tenant_id
    where t.slug = 'pelicano' and a.matricula in ('001200', '001202', '001203', '001205', '001206')`);
  expect(students).toHaveLength(5);
  const before = await check(secretaria, students.map((s) => s.id));
  expect([...before.values()].filter((r) => r.isInadimplente)).toHaveLength(0);

  const report = await commitImport(finance, file, { mode: "upsert", expectedSha256: preview.sha256 });
  if (!report.ok) throw new Error(report.error);
  const after = await check(secretaria, students.map((s) => s.id));
  expect([...after.values()].filter((r) => r.isInadimplente)).toHaveLength(5);
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createInadimplente, getInadimplente, restoreInadimplente, softDeleteInadimplente, updateInadimplente,
} from "@/lib/inadimplencia/admin";
import { getHistory } from "@/lib/inadimplencia/history";
import { exportInadimplentes, listEscolas, listInadimplentes } from "@/lib/inadimplencia/list";
import { DEFAULT_LIST_QUERY } from "@/lib/inadimplencia/list-query";
import type { TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeInadimplente } from "../helpers/fixtures";
import { input, makeFinanceSchool, snapshot } from "./support";

let t: TestDb;
let fin: TenantSession;
let sec: TenantSession;
let other: TenantSession;
let active: string;
let inactive: string;
let foreignActive: string;
let foreignInactive: string;

beforeAll(async () => {
  t = await createTestDb();
  ({ fin, sec } = await makeFinanceSchool(t.db));
  ({ fin: other } = await makeFinanceSchool(t.db));
  active = await makeInadimplente(t.db, fin.tenantId, { studentName: "Aluno Ativo" });
  inactive = await makeInadimplente(t.db, fin.tenantId, { studentName: "Aluno Inativo", active: false });
  foreignActive = await makeInadimplente(t.db, other.tenantId, { studentName: "Outra Escola Ativo" });
  foreignInactive = await makeInadimplente(t.db, other.tenantId, { studentName: "Outra Escola Inativo", active: false });
});
afterAll(async () => { await t?.close(); });

async function refusedWith(code: string, work: () => Promise<unknown>) {
  const before = await snapshot(t.db);
  const e = await work().then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  expect(await snapshot(t.db)).toStrictEqual(before);
}

const writes = (s: () => TenantSession, ids: () => { active: string; inactive: string }) => [
  ["create", () => createInadimplente(s(), input({ studentName: "Aluno Ativo" }))],
  ["update", () => updateInadimplente(s(), ids().active, input({ studentName: "Mudado" }))],
  ["soft delete", () => softDeleteInadimplente(s(), ids().active, "motivo")],
  ["restore", () => restoreInadimplente(s(), ids().inactive)],
] as const;

describe("a secretaria calling the admin functions directly", () => {
  test.each(writes(() => sec, () => ({ active, inactive })))("%s is FORBIDDEN and changes nothing", async (_, work) => {
    await refusedWith("FORBIDDEN", work);
  });

  test.each([
    ["list", () => listInadimplentes(sec, DEFAULT_LIST_QUERY)],
    ["export", () => exportInadimplentes(sec, DEFAULT_LIST_QUERY)],
    ["schools", () => listEscolas(sec)],
    ["detail", () => getInadimplente(sec, active)],
    ["history", () => getHistory(sec, active)],
  ])("reading (%s) is FORBIDDEN", async (_, work) => {
    await refusedWith("FORBIDDEN", work);
  });
});

describe("another school's row ids", () => {
  test.each(writes(() => fin, () => ({ active: foreignActive, inactive: foreignInactive })).slice(1))(
    "%s answers NOT_FOUND and changes nothing", async (_, work) => {
      await refusedWith("NOT_FOUND", work);
    });

  test("detail is NOT_FOUND and history empty", async () => {
    await refusedWith("NOT_FOUND", () => getInadimplente(fin, foreignActive));
    expect(await getHistory(fin, foreignActive)).toStrictEqual([]);
  });

  test.each(["not-a-uuid", "00000000-0000-0000-0000-000000000000", "'; drop table inadimplentes; --", "\0"])(
    "malformed or unknown id %j is NOT_FOUND, never a database error", async (id) => {
      await refusedWith("NOT_FOUND", () => getInadimplente(fin, id));
      await refusedWith("NOT_FOUND", () => updateInadimplente(fin, id, input({ studentName: "X" })));
      await refusedWith("NOT_FOUND", () => softDeleteInadimplente(fin, id, "motivo"));
      await refusedWith("NOT_FOUND", () => restoreInadimplente(fin, id));
    });

  test("creating a row with another school's key touches only the own school", async () => {
    const before = await snapshot(t.db);
    await createInadimplente(fin, input({ studentName: "Outra Escola Ativo" }));
    const after = await snapshot(t.db);
    const foreign = (s: typeof before) => s.rows.filter((r) => (r as { tenant_id: string }).tenant_id === other.tenantId);
    expect(foreign(after)).toStrictEqual(foreign(before));
  });
});

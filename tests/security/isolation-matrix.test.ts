import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import type { Capability } from "@/lib/auth/permissions";
import type { Role } from "@/db/schema";
import { createTestDb, type TestDb } from "../helpers/db";
import {
  makeAluno, makeBatch, makeInadimplente, makeInvitation, makeLiberacao, makeStaff, makeTenant, makeUser,
} from "../helpers/fixtures";
import { signInEveryone } from "../helpers/sessions";
import { signedIn as session } from "../helpers/stub-auth";
import { describeOutcome, discoverEndpoints, fingerprint, form, loadEndpoint, outcomeOf } from "./matrix-support";

// Issue 8's isolation matrix: every server action and route handler of the app,
// found by reading app/, is called (a) without a session, (b) by a role that may
// not use it and (c) by a member of school A with school B's ids. Each must be
// refused, change nothing, and show nothing of school B. A new action or route
// that this table does not list fails the first test.
//
// Only the session is stubbed (Auth.js needs a Next request); everything behind
// it — membership lookup, roles, RLS — runs for real on the test database.
vi.mock("@/lib/auth/config", () => import("../helpers/stub-auth"));

/** What school B holds that must never show up in an answer to school A. */
const FOREIGN_MARK = "Estrangeira Marcada";

/** The ids a call is made with: the caller's own school's for (a) and (b), the other school's for (c). */
interface Ids {
  tenantId: string;
  alunoId: string;
  liberacaoId: string;
  inadimplenteId: string;
  batchId: string;
  /** A roster import batch (the record only). */
  rosterBatchId: string;
  /** A turn of the school's year (an undone one, so undoing it again changes nothing). */
  yearBatchId: string;
  /** A member of that school (not the caller). */
  userId: string;
  /** An invitation of that school, to an account that is not the caller's. */
  invitationId: string;
}

interface Entry {
  /**
   * Who may call it: a capability of SPEC §1, any signed-in member ("signed-in",
   * e.g. switching one's own school), or nobody in particular ("public" ones —
   * sign-in, health — are listed with the reason).
   */
  access: Capability | "signed-in" | { public: string };
  call: (ids: Ids) => Promise<unknown>;
  /** Answers a foreign id by doing nothing rather than with an error (still: nothing changes, nothing leaks). */
  foreignIsNoop?: true;
  /**
   * Takes no id at all (it creates in the caller's own school), so there is no
   * other school's id to call it with and no case (c); the reason is given.
   */
  noIds?: string;
}

const call = (key: string, ...args: unknown[]) => async () => (await loadEndpoint(key))(...args);

/** A same-origin multipart upload, so the request reaches the route's authorisation. */
function upload(url: string, fields: Record<string, string>): Request {
  const body = form(fields);
  body.set("file", new File(["student_name;meses_inadim\r\nEnviado Indevidamente;3\r\n"], "lista.csv", { type: "text/csv" }));
  return new Request(`http://escola.test${url}`, {
    method: "POST", body, headers: { host: "escola.test", origin: "http://escola.test" },
  });
}

const MATRIX: Record<string, Entry> = {
  "app/(auth)/login/actions.ts#login": {
    access: { public: "the sign-in form itself" },
    call: () => call("app/(auth)/login/actions.ts#login", {}, form({ email: "x@y.z", password: "x" }))(),
  },
  "app/(app)/actions.ts#logout": {
    access: { public: "ending one's own session" },
    call: () => call("app/(app)/actions.ts#logout")(),
  },
  "app/(app)/actions.ts#logoutEverywhere": {
    access: { public: "ending one's own sessions (tests/auth/sessions.test.ts)" },
    call: () => call("app/(app)/actions.ts#logoutEverywhere")(),
  },
  "app/(app)/conta/convites/actions.ts#answerInvitationAction": {
    access: "signed-in",
    // One's own invitations only: another's id (any school) is not found.
    call: (ids) => call("app/(app)/conta/convites/actions.ts#answerInvitationAction", { status: "idle" },
      form({ invitationId: ids.invitationId, answer: "aceitar" }))(),
  },
  "app/(app)/actions.ts#switchTenant": {
    access: "signed-in",
    call: (ids) => call("app/(app)/actions.ts#switchTenant", form({ tenantId: ids.tenantId }))(),
    foreignIsNoop: true,
  },
  "app/(app)/rematricula/[alunoId]/actions.ts#finalizeAction": {
    access: "rematricula",
    call: (ids) => call("app/(app)/rematricula/[alunoId]/actions.ts#finalizeAction", { status: "idle" }, form({ alunoId: ids.alunoId }))(),
  },
  "app/(app)/rematricula/[alunoId]/actions.ts#cancelAction": {
    access: "rematricula.cancel",
    call: (ids) => call("app/(app)/rematricula/[alunoId]/actions.ts#cancelAction", { status: "idle" },
      form({ alunoId: ids.alunoId, reason: "Transferência para outra escola" }))(),
  },
  "app/(app)/rematricula/exportar/route.ts#GET": {
    access: "rematricula",
    call: () => call("app/(app)/rematricula/exportar/route.ts#GET", new Request("http://localhost/rematricula/exportar"))(),
    // It takes no id: another school's are simply not part of the question, and its answer is the caller's own school.
    foreignIsNoop: true,
  },
  "app/(app)/admin/configuracoes/actions.ts#saveFlagsAction": {
    access: "config",
    call: () => call("app/(app)/admin/configuracoes/actions.ts#saveFlagsAction", { status: "idle" },
      form({ enabled: "true", enforcementServerEnabled: "true", bannerMessage: "Invasão", cacheTtlMs: "1" }))(),
    noIds: "it saves the flags of the caller's own school",
  },
  "app/(app)/admin/liberacoes/actions.ts#grantAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/liberacoes/actions.ts#grantAction", { status: "idle" },
      form({ alunoId: ids.alunoId, reason: "Liberação indevida", validUntil: "2099-01-01" }))(),
  },
  "app/(app)/admin/liberacoes/actions.ts#revokeAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/liberacoes/actions.ts#revokeAction", { status: "idle" }, form({ id: ids.liberacaoId }))(),
  },
  "app/(app)/admin/inadimplentes/actions.ts#createAction": {
    access: "inadimplentes.write",
    call: () => call("app/(app)/admin/inadimplentes/actions.ts#createAction", { status: "idle" },
      form({ studentName: "Criado Indevidamente", mesesInadim: "3" }))(),
    noIds: "it creates a row in the caller's own school",
  },
  "app/(app)/admin/inadimplentes/actions.ts#updateAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/inadimplentes/actions.ts#updateAction", { status: "idle" },
      form({ id: ids.inadimplenteId, studentName: "Alterado Indevidamente", mesesInadim: "9" }))(),
  },
  "app/(app)/admin/inadimplentes/actions.ts#softDeleteAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/inadimplentes/actions.ts#softDeleteAction", { status: "idle" },
      form({ id: ids.inadimplenteId, reason: "Exclusão indevida" }))(),
  },
  "app/(app)/admin/inadimplentes/actions.ts#restoreAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/inadimplentes/actions.ts#restoreAction", { status: "idle" }, form({ id: ids.inadimplenteId }))(),
  },
  "app/(app)/admin/inadimplentes/actions.ts#linkAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/inadimplentes/actions.ts#linkAction", { status: "idle" },
      form({ id: ids.inadimplenteId, alunoId: ids.alunoId }))(),
  },
  "app/(app)/admin/inadimplentes/actions.ts#unlinkAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/inadimplentes/actions.ts#unlinkAction", { status: "idle" }, form({ id: ids.inadimplenteId }))(),
  },
  "app/(app)/admin/inadimplentes/exportar/route.ts#GET": {
    access: "inadimplentes.read",
    call: () => call("app/(app)/admin/inadimplentes/exportar/route.ts#GET",
      new Request("http://localhost/admin/inadimplentes/exportar?status=all"))(),
    // A read of the caller's own school: it may answer, but must show nothing of the other one.
    foreignIsNoop: true,
  },
  "app/(app)/admin/estatisticas/exportar/route.ts#GET": {
    access: "inadimplentes.read",
    call: () => call("app/(app)/admin/estatisticas/exportar/route.ts#GET",
      new Request(`http://localhost/admin/estatisticas/exportar?unidade=${encodeURIComponent(FOREIGN_MARK)}`))(),
    // A read of the caller's own school: it may answer, but must show nothing of the other one.
    foreignIsNoop: true,
  },
  "app/(app)/admin/inadimplentes/importar/actions.ts#suggestionsAction": {
    access: "inadimplentes.write",
    // Takes names, not ids: it is asked for the other school's student by name, and must not suggest them.
    call: () => call("app/(app)/admin/inadimplentes/importar/actions.ts#suggestionsAction",
      [{ line: 2, name: `Aluno ${FOREIGN_MARK}` }])(),
    foreignIsNoop: true,
  },
  "app/api/import/preview/route.ts#POST": {
    access: "inadimplentes.write",
    call: () => call("app/api/import/preview/route.ts#POST", upload("/api/import/preview", { mode: "upsert" }))(),
    noIds: "it previews a file against the caller's own school",
  },
  "app/api/import/commit/route.ts#POST": {
    access: "inadimplentes.write",
    call: () => call("app/api/import/commit/route.ts#POST",
      upload("/api/import/commit", { mode: "replace", sha256: "0".repeat(64) }))(),
    noIds: "it imports into the caller's own school",
  },
  "app/api/import/batches/[id]/errors/route.ts#GET": {
    access: "inadimplentes.read",
    call: (ids) => call("app/api/import/batches/[id]/errors/route.ts#GET",
      new Request(`http://escola.test/api/import/batches/${ids.batchId}/errors`), { params: Promise.resolve({ id: ids.batchId }) })(),
  },
  "app/(app)/admin/inadimplentes/importacoes/[id]/actions.ts#undoAction": {
    access: "inadimplentes.write",
    call: (ids) => call("app/(app)/admin/inadimplentes/importacoes/[id]/actions.ts#undoAction", { status: "idle" },
      form({ batchId: ids.batchId }))(),
  },
  "app/api/import/roster/preview/route.ts#POST": {
    access: "roster",
    call: () => call("app/api/import/roster/preview/route.ts#POST", upload("/api/import/roster/preview", { mode: "upsert" }))(),
    noIds: "it previews a roster against the caller's own school",
  },
  "app/api/import/roster/commit/route.ts#POST": {
    access: "roster",
    call: () => call("app/api/import/roster/commit/route.ts#POST",
      upload("/api/import/roster/commit", { mode: "replace", sha256: "0".repeat(64) }))(),
    noIds: "it imports into the caller's own school",
  },
  "app/api/import/roster/batches/[id]/errors/route.ts#GET": {
    access: "roster",
    call: (ids) => call("app/api/import/roster/batches/[id]/errors/route.ts#GET",
      new Request(`http://escola.test/api/import/roster/batches/${ids.rosterBatchId}/errors`), { params: Promise.resolve({ id: ids.rosterBatchId }) })(),
  },
  "app/(app)/admin/alunos/importacoes/actions.ts#undoRosterAction": {
    access: "roster",
    call: (ids) => call("app/(app)/admin/alunos/importacoes/actions.ts#undoRosterAction", { status: "idle" },
      form({ batchId: ids.rosterBatchId }))(),
  },
  "app/(app)/admin/usuarios/actions.ts#addMemberAction": {
    access: "people",
    call: () => call("app/(app)/admin/usuarios/actions.ts#addMemberAction", { status: "idle" },
      form({ email: "nova.pessoa@matriz.demo", name: "Nova Pessoa", role: "secretaria" }))(),
    noIds: "adds to the caller's own school, named by no field",
  },
  "app/(app)/admin/usuarios/actions.ts#addRoleAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/usuarios/actions.ts#addRoleAction", { status: "idle" },
      form({ userId: ids.userId, role: "admin" }))(),
  },
  "app/(app)/admin/usuarios/actions.ts#removeRoleAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/usuarios/actions.ts#removeRoleAction", { status: "idle" },
      form({ userId: ids.userId, role: "secretaria" }))(),
  },
  "app/(app)/admin/usuarios/actions.ts#deactivateMemberAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/usuarios/actions.ts#deactivateMemberAction", { status: "idle" },
      form({ userId: ids.userId }))(),
  },
  "app/(app)/admin/usuarios/actions.ts#resetPasswordAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/usuarios/actions.ts#resetPasswordAction", { status: "idle" },
      form({ userId: ids.userId }))(),
  },
  "app/(app)/admin/alunos/actions.ts#createAlunoAction": {
    access: "people",
    call: () => call("app/(app)/admin/alunos/actions.ts#createAlunoAction", { status: "idle" },
      form({ nome: "Aluno Novo da Matriz", status: "ativo" }))(),
    noIds: "creates in the caller's own school, named by no field",
  },
  "app/(app)/admin/privacidade/actions.ts#saveRetentionAction": {
    access: "config",
    call: () => call("app/(app)/admin/privacidade/actions.ts#saveRetentionAction", { status: "idle" },
      form({ inadimplentes: "6", eventos: "13", importacoes: "1" }))(),
    noIds: "it saves the periods of the caller's own school",
  },
  "app/(app)/admin/privacidade/actions.ts#anonymizeStudentAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/privacidade/actions.ts#anonymizeStudentAction", { status: "idle" },
      form({ alunoId: ids.alunoId }))(),
  },
  "app/(app)/admin/privacidade/alunos/[alunoId]/json/route.ts#GET": {
    access: "people",
    call: (ids) => call("app/(app)/admin/privacidade/alunos/[alunoId]/json/route.ts#GET",
      new Request(`http://escola.test/admin/privacidade/alunos/${ids.alunoId}/json`), { params: Promise.resolve({ alunoId: ids.alunoId }) })(),
  },
  "app/(app)/admin/alunos/actions.ts#updateAlunoAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/alunos/actions.ts#updateAlunoAction", { status: "idle" },
      form({ alunoId: ids.alunoId, nome: "Nome Trocado", status: "inativo" }))(),
  },
  "app/(app)/admin/ano-letivo/actions.ts#closeYearAction": {
    access: "people",
    call: () => call("app/(app)/admin/ano-letivo/actions.ts#closeYearAction", { status: "idle" },
      form({ anoLetivo: "2026", alunosSemRematricula: "inativar" }))(),
    noIds: "it closes the year of the caller's own school, named by no field",
  },
  "app/(app)/admin/ano-letivo/actions.ts#undoYearAction": {
    access: "people",
    call: (ids) => call("app/(app)/admin/ano-letivo/actions.ts#undoYearAction", { status: "idle" },
      form({ batchId: ids.yearBatchId }))(),
  },
  "app/(app)/admin/escolas/actions.ts#createTenantAction": {
    access: "tenants.create",
    call: () => call("app/(app)/admin/escolas/actions.ts#createTenantAction", { status: "idle" },
      form({ slug: "escola-matriz-nova", name: "Escola Nova", unidades: "", adminEmail: "diretora@matriz.demo", adminName: "Diretora" }))(),
  },
  "app/(app)/conta/senha/actions.ts#changePasswordAction": {
    access: "signed-in",
    // One's own password only: no id to aim at another school; a wrong current password changes nothing.
    call: () => call("app/(app)/conta/senha/actions.ts#changePasswordAction", { status: "idle" },
      form({ current: "nao-e-a-senha", password: "outra-senha-123", confirm: "outra-senha-123" }))(),
  },
  "app/api/health/route.ts#GET": {
    access: { public: "load balancers ask it; it shows no school data" },
    call: () => call("app/api/health/route.ts#GET")(),
  },
  "app/api/metrics/route.ts#GET": {
    access: { public: "Prometheus's scrape: a bearer token from the environment, not a session; counts only, no school's data" },
    call: () => call("app/api/metrics/route.ts#GET", new Request("http://localhost/api/metrics"))(),
  },
  "app/api/auth/[...nextauth]/route.ts#GET": {
    access: { public: "Auth.js's own endpoints (sign-in, session, CSRF token)" },
    call: () => call("app/api/auth/[...nextauth]/route.ts#GET", new Request("http://localhost/api/auth/session"))(),
  },
  "app/api/auth/[...nextauth]/route.ts#POST": {
    access: { public: "Auth.js's own endpoints (sign-in, session, CSRF token)" },
    call: () => call("app/api/auth/[...nextauth]/route.ts#POST", new Request("http://localhost/api/auth/signout", { method: "POST" }))(),
  },
};

/** For each capability, a role that may not use it (SPEC §1). */
const OUTSIDER: Record<Capability, Role> = {
  rematricula: "financeiro",
  "rematricula.cancel": "secretaria",
  "rematricula.progress": "professor",
  "inadimplentes.read": "secretaria",
  "inadimplentes.write": "secretaria",
  config: "coordenador",
  people: "coordenador",
  roster: "financeiro",
  audit: "coordenador",
  "tenants.create": "admin",
};

let t: TestDb;

/** One row of each kind the endpoints take ids of, in one school. */
async function schoolIds(tenantId: string, nome: string, memberName: string): Promise<Ids> {
  const alunoId = await makeAluno(t.db, tenantId, { nome });
  return {
    tenantId, alunoId,
    userId: (await makeStaff(t.db, tenantId, ["secretaria"], memberName)).userId,
    liberacaoId: await makeLiberacao(t.db, tenantId, alunoId, { validFor: "30 days" }),
    inadimplenteId: await makeInadimplente(t.db, tenantId, { studentName: nome, codigo: "MATRIZ-1" }),
    batchId: await makeBatch(t.db, tenantId, `lista ${nome}.csv`),
    rosterBatchId: rowsOf<{ id: string }>(await t.db.execute(sql`insert into import_batches
      (tenant_id, kind, file_name, size_bytes, sha256, mode) values (${tenantId}, 'alunos', ${`alunos ${nome}.csv`}, 100,
      ${"a".repeat(64)}, 'upsert') returning id`))[0].id,
    yearBatchId: rowsOf<{ id: string }>(await t.db.execute(sql`insert into ano_letivo_batches
      (tenant_id, from_year, to_year, deactivate, undone_at) values (${tenantId}, 2025, 2026, true, now()) returning id`))[0].id,
    invitationId: await makeInvitation(t.db, tenantId, await makeUser(t.db, `Convidada ${nome}`)),
  };
}
let own: Ids, foreign: Ids;
const members = new Map<Role, string>();
let adminA: string;

beforeAll(async () => {
  t = await createTestDb();
  const a = await makeTenant(t.db, "Escola A da Matriz");
  for (const role of new Set(Object.values(OUTSIDER))) members.set(role, (await makeStaff(t.db, a, [role])).userId);
  adminA = (await makeStaff(t.db, a, ["admin", "coordenador", "financeiro", "secretaria"])).userId;
  own = await schoolIds(a, "Aluno da Escola A", "Pessoa da Escola A");
  const b = await makeTenant(t.db, `Escola ${FOREIGN_MARK}`);
  await makeStaff(t.db, b, ["admin"]);
  foreign = await schoolIds(b, `Aluno ${FOREIGN_MARK}`, `Pessoa ${FOREIGN_MARK}`);
  await signInEveryone();
});
afterAll(async () => { await t?.close(); });

const guarded = Object.entries(MATRIX).filter(([, e]) => typeof e.access === "string");

test("the matrix lists every server action and route handler of the app", async () => {
  expect(Object.keys(MATRIX).sort()).toEqual(await discoverEndpoints());
  expect(guarded.length).toBeGreaterThan(0);
});

async function expectRefusedAndUnchanged(entry: Entry, as: string | null, ids: Ids, opts: { allowNoop?: boolean } = {}) {
  session.userId = as;
  // An export the caller may make of their own school is recorded (export_log): that is its only write.
  const ignore = opts.allowNoop ? ["export_log"] : [];
  const before = await fingerprint(t.db, ignore);
  const outcome = await describeOutcome(await outcomeOf(() => entry.call(ids)));
  session.userId = null;
  if (!opts.allowNoop) expect(outcome.refused, outcome.text).toBe(true);
  expect(outcome.text).not.toContain(FOREIGN_MARK);
  expect(await fingerprint(t.db, ignore)).toEqual(before);
}

describe.each(guarded)("%s", (_key, entry) => {
  test("(a) without a session: refused, nothing changed", async () => {
    await expectRefusedAndUnchanged(entry, null, own);
  });

  // A "signed-in" entry has no role that may not use it, so it has no case (b).
  if (entry.access !== "signed-in") {
    const capability = entry.access as Capability;
    test(`(b) as ${OUTSIDER[capability]}, who may not use it: refused, nothing changed`, async () => {
      await expectRefusedAndUnchanged(entry, members.get(OUTSIDER[capability])!, own);
    });
  }

  if (!entry.noIds) {
    test("(c) as school A's admin with school B's ids: refused or a no-op, nothing changed, nothing of B shown", async () => {
      await expectRefusedAndUnchanged(entry, adminA, foreign, { allowNoop: entry.foreignIsNoop });
    });
  }
});

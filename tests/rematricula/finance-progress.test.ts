import { afterAll, beforeAll, expect, test } from "vitest";
import { earlyRoute } from "@/lib/auth/routing";
import { cancelRematricula } from "@/lib/rematricula/cancel";
import { listCampaign } from "@/lib/rematricula/campaign";
import { exportCampaignCsv } from "@/lib/rematricula/campaign-export";
import { parseCampaignQuery } from "@/lib/rematricula/campaign-query";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { getCampaignProgress } from "@/lib/rematricula/progress";
import { getAlunoDetail } from "@/lib/rematricula/students";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

// Finance watches how many students the block holds (issue 19), read-only: the
// campaign's counts per unidade and série, none of the students' actions.
test("finance sees the campaign's counts, the same as the secretaria's, and none of the rematrícula actions", async () => {
  const sec = await makeSchool(t.db, { enforcementServerEnabled: true });
  const fin = await makeStaff(t.db, sec.tenantId, ["financeiro"]);
  const done = await makeAluno(t.db, sec.tenantId, { nome: "F1", unidade: "Centro", serie: "5º ano" });
  const pending = await makeAluno(t.db, sec.tenantId, { nome: "F2", unidade: "Centro", serie: "9º ano" });
  await makeAluno(t.db, sec.tenantId, { nome: "F3", unidade: "Norte", serie: "5º ano" });
  await makeAluno(t.db, sec.tenantId, { nome: "F4", unidade: "Norte", serie: "5º ano" });
  await makeInadimplente(t.db, sec.tenantId, { studentName: "F3" });
  await makeInadimplente(t.db, sec.tenantId, { studentName: "F4" });
  await finalizeRematricula(sec, done);

  const seen = await getCampaignProgress(fin);
  expect(seen).toEqual(await getCampaignProgress(sec));
  expect(seen.total).toEqual({ label: "Escola", rematriculado: 1, pendente: 1, bloqueado: 2 });
  expect(seen.porUnidade.find((g) => g.label === "Norte")).toEqual({ label: "Norte", rematriculado: 0, pendente: 0, bloqueado: 2 });
  expect(seen.porSerie.find((g) => g.label === "5º ano")).toMatchObject({ bloqueado: 2, rematriculado: 1 });

  const refusals: [string, () => Promise<unknown>][] = [
    ["list", () => listCampaign(fin, parseCampaignQuery({}))],
    ["detail", () => getAlunoDetail(fin, pending)],
    ["finalize", () => finalizeRematricula(fin, pending)],
    ["cancel", () => cancelRematricula(fin, done, "Pedido da família")],
    ["export", () => exportCampaignCsv(fin, parseCampaignQuery({}))],
  ];
  for (const [what, work] of refusals) await expect(work(), what).rejects.toMatchObject({ code: "FORBIDDEN" });
  expect((await getCampaignProgress(sec)).total.rematriculado).toBe(1);
});

test("roles without a staff screen are still refused the counts", async () => {
  const sec = await makeSchool(t.db);
  for (const role of ["professor", "aluno"] as const) {
    const other = await makeStaff(t.db, sec.tenantId, [role]);
    await expect(getCampaignProgress(other)).rejects.toMatchObject({ code: "FORBIDDEN" });
  }
});

test("the proxy lets finance reach the progress page only, not the list or a student's page", () => {
  const claims = { roles: ["financeiro" as const], mustChangePassword: false };
  expect(earlyRoute("/rematricula/progresso", true, claims)).toBeNull();
  expect(earlyRoute("/rematricula", true, claims)).toBe("/sem-acesso?para=rematricula");
  expect(earlyRoute("/rematricula/6f1c2a36-5b5e-4d2a-9a57-1d9c6f1e2b3c", true, claims)).toBe("/sem-acesso?para=rematricula");
  expect(earlyRoute("/rematricula/exportar", true, claims)).toBe("/sem-acesso?para=rematricula");
  expect(earlyRoute("/rematricula/progresso", true, { roles: ["secretaria"], mustChangePassword: false })).toBeNull();
});

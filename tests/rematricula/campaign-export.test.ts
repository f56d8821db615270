import { afterAll, beforeAll, expect, test } from "vitest";
import Papa from "papaparse";
import { exportCampaignCsv } from "@/lib/rematricula/campaign-export";
import { EMPTY_QUERY, parseCampaignQuery } from "@/lib/rematricula/campaign-query";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { getCampaignProgress } from "@/lib/rematricula/progress";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeStaff } from "../helpers/fixtures";
import { makeSchool } from "../inadimplencia/support";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const parse = (csv: string) => {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  return Papa.parse<string[]>(csv.slice(1), { delimiter: ";", skipEmptyLines: true }).data;
};

test("the export neutralises formula-looking cells and carries no delinquency detail", async () => {
  const s = await makeSchool(t.db, { enforcementServerEnabled: true });
  await makeAluno(t.db, s.tenantId, { nome: "=HYPERLINK(\"http://x\";\"y\")", responsavelNome: "+55 11 9999", unidade: "Centro", turma: "@A" });
  await makeAluno(t.db, s.tenantId, { nome: "-Aluno Menos", responsavelNome: "\tTab", unidade: "Centro" });
  await makeAluno(t.db, s.tenantId, { nome: "Devedora Secreta", unidade: "Centro", matricula: "00042" });
  await makeInadimplente(t.db, s.tenantId, { studentName: "Devedora Secreta", meses: 11, codigo: "COD-SIGILO-77" });
  const csv = await exportCampaignCsv(s, EMPTY_QUERY);
  const [header, ...rows] = parse(csv);
  expect(header).toEqual(["Matrícula", "Aluno", "Responsável", "Unidade", "Série", "Turma", "Situação cadastral", "Situação da rematrícula"]);
  expect(csv).not.toMatch(/COD-SIGILO-77|codigo|meses/i);
  expect(rows.find((r) => r[1].includes("HYPERLINK"))).toEqual(
    ["", "'=HYPERLINK(\"http://x\";\"y\")", "'+55 11 9999", "Centro", "5º ano", "'@A", "Ativo", "Pendente"]);
  expect(rows.find((r) => r[1].includes("Menos"))?.slice(1, 3)).toEqual(["'-Aluno Menos", "'\tTab"]);
  // The code keeps its leading zeros in the file.
  expect(rows.find((r) => r[1] === "Devedora Secreta")).toEqual(["00042", "Devedora Secreta", "", "Centro", "5º ano", "", "Ativo", "Bloqueado"]);
  for (const r of rows) expect(r).toHaveLength(8);
});

test("the export follows the filter; bad parameters fall back to the defaults", async () => {
  const s = await makeSchool(t.db);
  await makeAluno(t.db, s.tenantId, { nome: "Aluno Norte", unidade: "Norte" });
  const done = await makeAluno(t.db, s.tenantId, { nome: "Aluno Centro Feito", unidade: "Centro" });
  await makeAluno(t.db, s.tenantId, { nome: "Aluno Transferido", unidade: "Centro", status: "transferido" });
  await finalizeRematricula(s, done);
  const names = async (params: string) =>
    parse(await exportCampaignCsv(s, parseCampaignQuery(new URLSearchParams(params)))).slice(1).map((r) => `${r[1]}: ${r[7]}`);
  expect(await names("unidade=Centro")).toEqual(["Aluno Centro Feito: Rematriculado", "Aluno Transferido: Indisponível (transferido)"]);
  expect(await names("situacao=rematriculado")).toEqual(["Aluno Centro Feito: Rematriculado"]);
  expect(await names("unidade=Sul&situacao=xyz&q=%00&page=-1")).toHaveLength(3);
  const financeiro = await makeStaff(t.db, s.tenantId, ["financeiro"]);
  await expect(exportCampaignCsv(financeiro, EMPTY_QUERY)).rejects.toMatchObject({ code: "FORBIDDEN" });
});

test("progress per unidade and série: re-enrolled, pending (cancelled included), blocked from the check", async () => {
  const s = await makeSchool(t.db, { enforcementServerEnabled: true });
  const a = await makeAluno(t.db, s.tenantId, { nome: "P1", unidade: "Centro", serie: "5º ano" });
  await makeAluno(t.db, s.tenantId, { nome: "P2", unidade: "Centro", serie: "9º ano" });
  await makeAluno(t.db, s.tenantId, { nome: "P3", unidade: "Norte", serie: "5º ano" });
  await makeAluno(t.db, s.tenantId, { nome: "P4", unidade: "Norte", serie: "Maternal", status: "inativo" });
  await makeInadimplente(t.db, s.tenantId, { studentName: "P3" });
  await finalizeRematricula(s, a);
  const p = await getCampaignProgress(s);
  expect(p.anoLetivo).toBe(2026);
  expect(p.total).toEqual({ label: "Escola", rematriculado: 1, pendente: 1, bloqueado: 1 });
  expect(p.porUnidade).toEqual([
    { label: "Centro", rematriculado: 1, pendente: 1, bloqueado: 0 },
    { label: "Norte", rematriculado: 0, pendente: 0, bloqueado: 1 },
  ]);
  expect(p.porSerie.map((g) => g.label)).toEqual(["5º ano", "9º ano"]);
  expect(p.porSerie[0]).toEqual({ label: "5º ano", rematriculado: 1, pendente: 0, bloqueado: 1 });
  expect(p.indisponiveis).toBe(1);
});

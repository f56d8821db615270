import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rolloutPanel } from "@/lib/config/rollout";
import { FLAG_KEYS } from "@/lib/inadimplencia/flags";
import { matchReport, parseFinding } from "@/lib/inadimplencia/match-report";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeInadimplente, makeLiberacao, makeStaff, setFlag } from "../helpers/fixtures";
import { q } from "../foundation/support";
import { makeSchool } from "./support";

// The match report's four counts (issue 16), each against a query written here
// from the tables alone, without the rule's function, as a school's IT team would.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

async function school() {
  const s = await makeSchool(t.db);
  const fin = await makeStaff(t.db, s.tenantId, ["financeiro"]);
  const admin = await makeStaff(t.db, s.tenantId, ["admin"]);
  const T = s.tenantId;
  const ana = await makeAluno(t.db, T, { nome: "Ana Lima", responsavelNome: "Rosa Lima" });
  const joao1 = await makeAluno(t.db, T, { nome: "João Silva", matricula: "J1" });
  const joao2 = await makeAluno(t.db, T, { nome: "Joao  Silva", matricula: "J2" });
  const bruno = await makeAluno(t.db, T, { nome: "Bruno Reis", status: "inativo" });
  const carla = await makeAluno(t.db, T, { nome: "Carla Dias" });
  const davi = await makeAluno(t.db, T, { nome: "Davi Luz" });
  await makeAluno(t.db, T, { nome: "Eva Melo", status: "transferido" });
  const fabio = await makeAluno(t.db, T, { nome: "Fábio Gomes Neto" });
  await makeLiberacao(t.db, T, carla, { validFor: "10 days" });
  const rows = {
    ana: await makeInadimplente(t.db, T, { studentName: "Ana Lima", guardian: "Outra Pessoa" }),
    joao: await makeInadimplente(t.db, T, { studentName: "JOAO SILVA" }),
    ninguem: await makeInadimplente(t.db, T, { studentName: "Ninguém Existe" }),
    inativa: await makeInadimplente(t.db, T, { studentName: "Também Ninguém", active: false }),
    bruno: await makeInadimplente(t.db, T, { studentName: "Bruno Reis", alunoId: bruno }),
    carla: await makeInadimplente(t.db, T, { studentName: "Carla Dias" }),
    davi: await makeInadimplente(t.db, T, { studentName: "Davi Luz", alunoId: davi }),
    davi2: await makeInadimplente(t.db, T, { studentName: "Davi Luz", escola: "Norte" }),
    eva: await makeInadimplente(t.db, T, { studentName: "Eva Melo" }),
    fabio: await makeInadimplente(t.db, T, { studentName: "Fabio Gomes", alunoId: fabio }),
  };
  return { s, fin, admin, rows, alunos: { ana, joao1, joao2 } };
}

/** The four counts written from the tables, with the guardian flag as a parameter. */
async function direct(tenantId: string, requireGuardian: boolean) {
  const nameMatch = sql`a.tenant_id = i.tenant_id and a.nome_norm = i.student_name_norm
    and (not ${requireGuardian} or coalesce(a.responsavel_nome_norm, '') = '' or i.guardian1_name_norm = a.responsavel_nome_norm)`;
  const [r] = await q<Record<string, number>>(t.db, sql`select
    (select count(*)::int from inadimplentes i where i.tenant_id = ${tenantId} and i.is_active and i.aluno_id is null
      and not exists (select 1 from alunos a where ${nameMatch})) as sem_aluno,
    (select count(*)::int from inadimplentes i where i.tenant_id = ${tenantId} and i.is_active and i.aluno_id is null
      and (select count(*) from alunos a where ${nameMatch}) > 1) as homonimos,
    (select count(*)::int from alunos a where a.tenant_id = ${tenantId} and a.status = 'ativo'
      and exists (select 1 from inadimplentes i where i.is_active and i.aluno_id is null and ${nameMatch})
      and not exists (select 1 from inadimplentes i where i.tenant_id = a.tenant_id and i.is_active and i.aluno_id = a.id)
      and not exists (select 1 from liberacoes l where l.tenant_id = a.tenant_id and l.aluno_id = a.id
        and l.revoked_at is null and l.valid_until > now())) as so_nome,
    (select count(*)::int from inadimplentes i join alunos a on a.tenant_id = i.tenant_id and a.id = i.aluno_id
      where i.tenant_id = ${tenantId} and i.is_active and a.status <> 'ativo') as vinculo_inativo`);
  return r;
}

test("the four counts agree with direct SQL, and with the cases built", async () => {
  const { s, fin } = await school();
  const report = await matchReport(fin, "sem_aluno");
  expect(report.counts).toEqual(await direct(s.tenantId, false));
  expect(report.counts).toEqual({ sem_aluno: 1, homonimos: 1, so_nome: 3, vinculo_inativo: 1 });
});

test("with require_guardian on, a guardian that differs makes the row match nobody", async () => {
  const { s, fin } = await school();
  await setFlag(t.db, s.tenantId, FLAG_KEYS.requireGuardian, true);
  const report = await matchReport(fin, "sem_aluno");
  expect(report.counts).toEqual(await direct(s.tenantId, true));
  expect(report.counts).toEqual({ sem_aluno: 2, homonimos: 1, so_nome: 2, vinculo_inativo: 1 });
});

test("each finding lists its items with the students they match", async () => {
  const { fin, rows, alunos } = await school();
  expect((await matchReport(fin, "sem_aluno")).rows.map((r) => [r.id, r.alunos])).toEqual([[rows.ninguem, []]]);
  const homonimos = (await matchReport(fin, "homonimos")).rows;
  expect(homonimos.map((r) => r.id)).toEqual([rows.joao]);
  expect(homonimos[0].alunos.map((a) => a.matricula).sort()).toEqual(["J1", "J2"]);
  const soNome = (await matchReport(fin, "so_nome")).students;
  expect(soNome.map((a) => a.id).sort()).toEqual([alunos.ana, alunos.joao1, alunos.joao2].sort());
  expect(soNome.find((a) => a.id === alunos.ana)?.rows.map((r) => r.id)).toEqual([rows.ana]);
  const inativos = (await matchReport(fin, "vinculo_inativo")).rows;
  expect(inativos.map((r) => [r.id, r.alunos.map((a) => a.status)])).toEqual([[rows.bruno, ["inativo"]]]);
});

test("the rollout panel's unmatched rows are the report's first count", async () => {
  const { s, fin, admin } = await school();
  await makeInadimplente(t.db, s.tenantId, { studentName: "Mais Um Desconhecido" });
  const [report, panel] = await Promise.all([matchReport(fin, "sem_aluno"), rolloutPanel(admin)]);
  expect(panel.numbers.linhasSemAluno).toBe(2);
  expect(panel.numbers.linhasSemAluno).toBe(report.counts.sem_aluno);
});

test("the report is finance's: the secretaria is refused, another school's rows never count", async () => {
  const { s } = await school();
  const secretaria = await makeStaff(t.db, s.tenantId, ["secretaria"]);
  await expect(matchReport(secretaria, "sem_aluno")).rejects.toMatchObject({ code: "FORBIDDEN" });
  const other = await makeSchool(t.db);
  const otherFin = await makeStaff(t.db, other.tenantId, ["financeiro"]);
  expect((await matchReport(otherFin, "sem_aluno")).counts).toEqual({ sem_aluno: 0, homonimos: 0, so_nome: 0, vinculo_inativo: 0 });
});

test("an unknown filter falls back to the first finding", () => {
  expect(parseFinding("'; drop table x")).toBe("sem_aluno");
  expect(parseFinding(["so_nome", "x"])).toBe("so_nome");
  expect(parseFinding(undefined)).toBe("sem_aluno");
});

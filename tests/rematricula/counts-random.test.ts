import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { commitLoaded } from "@/lib/inadimplencia/import/commit-rows";
import { undoImport } from "@/lib/inadimplencia/import/undo";
import { FLAG_KEYS } from "@/lib/inadimplencia/flags";
import { grantLiberacao, revokeLiberacao } from "@/lib/inadimplencia/liberacoes";
import { linkInadimplente, unlinkInadimplente } from "@/lib/inadimplencia/link";
import { cancelRematricula } from "@/lib/rematricula/cancel";
import type { CampaignFilters } from "@/lib/rematricula/classify-sql";
import { readCampaignCounts, type CampaignCounts } from "@/lib/rematricula/counts";
import { finalizeRematricula } from "@/lib/rematricula/finalize";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeAluno, makeStaff, setFlag, TEST_SCHOOL_YEAR } from "../helpers/fixtures";
import { pgCode, q } from "../foundation/support";
import { loadedFile, row } from "../import/support";
import { makeSchool } from "../inadimplencia/support";

// Issue 20: the campaign's counts, now set-based in the database, held equal to
// a count written here from the rule's text (SPEC §5, §6) over a seeded random
// walk of everything that moves them: students added or leaving, list files
// imported and undone, liberações granted and revoked, rematrículas finalized
// and cancelled, rows linked and unlinked by hand, the match flags switched,
// students renamed or deleted, list rows deleted. After every step the matches
// the database keeps (migration 0030) are also held equal to the rule computed
// here from the tables.

/** mulberry32: a small seeded PRNG: every run takes the same kinds of steps with the same values. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.COUNTS_SEED ?? 20_2026);
const STEPS = 100;
const rand = prng(SEED);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;

// Few names, so homonyms, guardians that differ and schools that differ all happen.
const FIRST = ["Ana", "Bruno", "Caio", "Júlia"];
const LAST = ["Souza", "Lima", "Prado"];
const GUARDIANS = ["Marta Souza", "Paulo Lima", null];
const UNIDADES = ["Centro", "Norte"];
const SERIES = ["5º ano", "9º ano"];
const TURMAS = ["A", "B"];
const STATUSES = ["ativo", "ativo", "ativo", "ativo", "inativo", "transferido"];

const FILTERS: CampaignFilters[] = [
  { q: "", unidade: "", serie: "", turma: "" },
  ...UNIDADES.map((unidade) => ({ q: "", unidade, serie: "", turma: "" })),
  ...SERIES.map((serie) => ({ q: "", unidade: "", serie, turma: "" })),
  { q: "", unidade: "Norte", serie: "9º ano", turma: "B" },
  { q: "souza", unidade: "", serie: "", turma: "" },
  { q: "JULIA", unidade: "Centro", serie: "", turma: "" },
  { q: "0001", unidade: "", serie: "", turma: "" },
];

let t: TestDb;
let secretaria: TenantSession;
let finance: TenantSession;
let admin: TenantSession;
let students = 0;
const batches: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  secretaria = await makeSchool(t.db);
  finance = await makeStaff(t.db, secretaria.tenantId, ["financeiro"]);
  admin = await makeStaff(t.db, secretaria.tenantId, ["admin"]);
});
afterAll(() => t.close());

/** The school's flags as stored (a missing one is false), read by the owner. */
async function flags(): Promise<{ enabled: boolean; guardian: boolean; school: boolean }> {
  const rows = await q<{ key: string; on: boolean }>(t.db, sql`select key, (value #>> '{}')::boolean as on
    from system_config where tenant_id = ${secretaria.tenantId} and key in
    (${FLAG_KEYS.enabled}, ${FLAG_KEYS.requireGuardian}, ${FLAG_KEYS.requireSameSchool})`);
  const on = (key: string) => rows.some((r) => r.key === key && r.on);
  return { enabled: on(FLAG_KEYS.enabled), guardian: on(FLAG_KEYS.requireGuardian), school: on(FLAG_KEYS.requireSameSchool) };
}

/**
 * "List row i matches student a", written here from the rule's text (SPEC §5)
 * and not through any of the database's functions: an active row linked to the
 * student, or an unlinked active row with the student's name (and guardian, and
 * school, when the flags ask and the student has one). The check's flag is not
 * in it.
 */
function ruleMatches(fl: { guardian: boolean; school: boolean }): SQL {
  return sql`(i.tenant_id = a.tenant_id and i.is_active and (
      i.aluno_id = a.id
      or (i.aluno_id is null and i.student_name_norm = a.nome_norm
        and (not ${fl.guardian} or coalesce(a.responsavel_nome_norm, '') = '' or i.guardian1_name_norm = a.responsavel_nome_norm)
        and (not ${fl.school} or coalesce(trim(a.unidade), '') = '' or i.student_escola_norm = lower(a.unidade)))))`;
}

/**
 * The counts straight from the tables, as the owner: blocked is "check on, no
 * liberação in force, and a list row matching by the rule".
 */
async function directCounts(f: CampaignFilters): Promise<CampaignCounts> {
  const fl = await flags();
  const where: SQL[] = [sql`a.tenant_id = ${secretaria.tenantId}`];
  if (f.unidade) where.push(sql`a.unidade = ${f.unidade}`);
  if (f.serie) where.push(sql`a.serie = ${f.serie}`);
  if (f.turma) where.push(sql`a.turma = ${f.turma}`);
  if (f.q) {
    const term = f.q.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    where.push(sql`(strpos(a.nome_norm, ${term}) > 0 or strpos(coalesce(a.responsavel_nome_norm, ''), ${term}) > 0
      or a.matricula like ${`${f.q.toUpperCase()}%`})`);
  }
  const blocked = sql`(${fl.enabled}
    and not exists (select 1 from liberacoes l where l.tenant_id = a.tenant_id and l.aluno_id = a.id
      and l.revoked_at is null and l.valid_until > now())
    and exists (select 1 from inadimplentes i where ${ruleMatches(fl)}))`;
  const [c] = await q<CampaignCounts>(t.db, sql`
    with s as (
      select r.status as r_status, a.status, ${blocked} as blocked
      from alunos a left join rematriculas r
        on r.tenant_id = a.tenant_id and r.aluno_id = a.id and r.ano_letivo = ${TEST_SCHOOL_YEAR + 1}
      where ${sql.join(where, sql` and `)})
    select count(*)::int as total,
      count(*) filter (where r_status is distinct from 'concluida' and status = 'ativo' and not blocked)::int as pendente,
      count(*) filter (where r_status = 'concluida')::int as rematriculado,
      count(*) filter (where r_status is distinct from 'concluida' and status = 'ativo' and blocked)::int as bloqueado,
      count(*) filter (where r_status is distinct from 'concluida' and status <> 'ativo')::int as indisponivel,
      count(*) filter (where r_status = 'cancelada')::int as cancelado
    from s`);
  return c;
}

interface Hit { aluno_id: string; meses_inadim: number | null; codigo_inadim: string | null }

/** Per student, the matching row that owes most (then the smallest code), by the rule above; none when the check is off. */
async function directHits(): Promise<Hit[]> {
  const fl = await flags();
  return q<Hit>(t.db, sql`select a.id as aluno_id, top.meses_inadim, top.codigo_inadim
    from alunos a cross join lateral (
      select i.meses_inadim, i.codigo_inadim from inadimplentes i where ${ruleMatches(fl)}
      order by i.meses_inadim desc nulls last, i.codigo_inadim limit 1) top
    where ${fl.enabled} and a.tenant_id = ${secretaria.tenantId}
    order by a.id`);
}

async function keptHits(): Promise<Hit[]> {
  return q<Hit>(t.db, sql`select aluno_id, meses_inadim, codigo_inadim from inadimplencia_kept_hits
    where tenant_id = ${secretaria.tenantId} order by aluno_id`);
}

/** A change the schema refuses (a student still referenced by a rematrícula, a row by its audit…): the walk goes on. */
async function tolerateFk(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (e) {
    if (pgCode(e) === "23503") return "refused (still referenced)";
    throw e;
  }
}

const studentName = () => `${pick(FIRST)} ${pick(LAST)}`;

/** The name of an active list row, so that a student added or renamed to it is matched. */
async function listedName(): Promise<string | undefined> {
  const [row] = await q<{ name: string }>(t.db, sql`select student_name as name from inadimplentes
    where tenant_id = ${secretaria.tenantId} and is_active order by md5(id::text || ${String(rand())}) limit 1`);
  return row?.name;
}

async function ids(query: SQL): Promise<string[]> {
  return (await q<{ id: string }>(t.db, query)).map((r) => r.id);
}

/** A refusal the product gives on purpose (already revoked, blocked, nothing to undo…): the walk goes on. */
async function tolerate(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (e) {
    if (e instanceof AppError) return `refused (${e.code})`;
    throw e;
  }
}

const STEPS_BY_KIND: Record<string, () => Promise<string>> = {
  async addStudent() {
    students++;
    await makeAluno(t.db, secretaria.tenantId, {
      nome: (chance(0.3) && (await listedName())) || studentName(), matricula: String(students).padStart(6, "0"), responsavelNome: pick(GUARDIANS),
      unidade: pick(UNIDADES), serie: pick(SERIES), turma: pick(TURMAS), status: pick(STATUSES),
    });
    return "ok";
  },
  async studentLeaves() {
    const [id] = await ids(sql`select id from alunos where tenant_id = ${secretaria.tenantId} and status = 'ativo'
      order by id offset ${Math.floor(rand() * 5)} limit 1`);
    if (!id) return "none";
    await t.db.execute(sql`update alunos set status = ${pick(["inativo", "transferido", "ativo"])} where id = ${id}`);
    return "ok";
  },
  async importList() {
    const matriculas = await q<{ matricula: string }>(t.db, sql`select matricula from alunos
      where tenant_id = ${secretaria.tenantId} and matricula is not null`);
    const size = 1 + Math.floor(rand() * 6);
    const rows = Array.from({ length: size }, (_, k) => row(k + 2, chance(0.2) ? `Devedor ${Math.floor(rand() * 50)}` : studentName(), {
      codigoInadim: `D${Math.floor(rand() * 40)}-${k}`,
      guardian1Name: pick(GUARDIANS),
      studentEscola: chance(0.5) ? pick(UNIDADES) : null,
      mesesInadim: 1 + Math.floor(rand() * 12),
      codigoAluno: matriculas.length && chance(0.3) ? pick(matriculas).matricula : null,
    }));
    // One file never holds the same person twice (the import would hold the second back).
    const seen = new Set<string>();
    const unique = rows.filter((r) => {
      const key = `${r.studentName}|${r.guardian1Name}|${r.studentEscola}`;
      return !seen.has(key) && seen.add(key);
    });
    const report = await commitLoaded(finance, loadedFile(unique, `lista-${batches.length}.csv`), chance(0.3) ? "replace" : "upsert");
    batches.push(report.batchId);
    return `ok (${unique.length} rows)`;
  },
  async undoImport() {
    if (!batches.length) return "none";
    // Mostly the latest (undo refuses a batch whose rows changed since), sometimes an older one.
    const batchId = chance(0.7) ? batches[batches.length - 1] : pick(batches);
    return tolerate(undoImport(finance, batchId));
  },
  async grant() {
    const [id] = await ids(sql`select id from alunos where tenant_id = ${secretaria.tenantId}
      order by md5(id::text || ${String(rand())}) limit 1`);
    if (!id) return "none";
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    return tolerate(grantLiberacao(finance, { alunoId: id, reason: "Acordo", validUntil: until }));
  },
  async revoke() {
    const [id] = await ids(sql`select id from liberacoes where tenant_id = ${secretaria.tenantId} and revoked_at is null
      order by md5(id::text || ${String(rand())}) limit 1`);
    return id ? tolerate(revokeLiberacao(finance, id)) : "none";
  },
  async finalize() {
    const [id] = await ids(sql`select id from alunos where tenant_id = ${secretaria.tenantId}
      order by md5(id::text || ${String(rand())}) limit 1`);
    return id ? tolerate(finalizeRematricula(secretaria, id)) : "none";
  },
  async cancel() {
    const [id] = await ids(sql`select aluno_id as id from rematriculas where tenant_id = ${secretaria.tenantId}
      and status = 'concluida' order by md5(aluno_id::text || ${String(rand())}) limit 1`);
    return id ? tolerate(cancelRematricula(admin, id, "Desistência da família")) : "none";
  },
  async link() {
    const [rowId] = await ids(sql`select id from inadimplentes where tenant_id = ${secretaria.tenantId} and is_active
      order by md5(id::text || ${String(rand())}) limit 1`);
    const [alunoId] = await ids(sql`select id from alunos where tenant_id = ${secretaria.tenantId}
      order by md5(id::text || ${String(rand())}) limit 1`);
    if (!rowId || !alunoId) return "none";
    return tolerate(chance(0.3) ? unlinkInadimplente(finance, rowId) : linkInadimplente(finance, rowId, alunoId));
  },
  async renameStudent() {
    // Half the time a student the rule blocks now, renamed away from the list;
    // otherwise any student, renamed to a name the list holds: the match moves.
    const hits = await directHits();
    const blocked = chance(0.5) && hits.length > 0;
    const [id] = blocked ? [pick(hits).aluno_id] : await ids(sql`select id from alunos
      where tenant_id = ${secretaria.tenantId} order by md5(id::text || ${String(rand())}) limit 1`);
    if (!id) return "none";
    // Name, guardian or school: each is read by the rule.
    const what = pick(["nome", "nome", "responsavel_nome", "unidade"] as const);
    const value = what === "nome" ? (!blocked && (await listedName())) || studentName()
      : what === "responsavel_nome" ? pick(GUARDIANS) : pick(UNIDADES);
    await t.db.execute(sql`update alunos set ${sql.identifier(what)} = ${value} where id = ${id}`);
    return `ok (${what})`;
  },
  async deleteStudent() {
    const [id] = await ids(sql`select id from alunos where tenant_id = ${secretaria.tenantId}
      order by md5(id::text || ${String(rand())}) limit 1`);
    return id ? tolerateFk(t.db.execute(sql`delete from alunos where id = ${id}`)) : "none";
  },
  async deleteListRow() {
    // Mostly an active row naming a student, the kind whose deletion unblocks someone.
    const [id] = await ids(sql`select i.id from inadimplentes i where i.tenant_id = ${secretaria.tenantId}
      order by i.is_active and exists (select 1 from alunos a where a.tenant_id = i.tenant_id
        and (a.id = i.aluno_id or a.nome_norm = i.student_name_norm)) desc, md5(i.id::text || ${String(rand())}) limit 1`);
    return id ? tolerateFk(t.db.execute(sql`delete from inadimplentes where id = ${id}`)) : "none";
  },
  async switchFlag() {
    const key = pick([FLAG_KEYS.requireGuardian, FLAG_KEYS.requireSameSchool, FLAG_KEYS.enabled]);
    // Sometimes the flag's row goes: a missing flag is false.
    if (chance(0.2)) {
      await t.db.execute(sql`delete from system_config where tenant_id = ${secretaria.tenantId} and key = ${key}`);
      return "ok (removed)";
    }
    // The check stays on most of the time: off, every count of "bloqueado" is 0.
    await setFlag(t.db, secretaria.tenantId, key, key === FLAG_KEYS.enabled ? chance(0.8) : chance(0.5));
    return "ok";
  },
};

const WEIGHTS: [keyof typeof STEPS_BY_KIND, number][] = [
  ["addStudent", 5], ["studentLeaves", 1], ["importList", 3], ["undoImport", 2], ["grant", 2], ["revoke", 1],
  ["finalize", 3], ["cancel", 2], ["link", 2], ["switchFlag", 2], ["renameStudent", 4], ["deleteStudent", 2],
  ["deleteListRow", 2],
];

function nextKind(): keyof typeof STEPS_BY_KIND {
  let r = rand() * WEIGHTS.reduce((n, [, w]) => n + w, 0);
  for (const [kind, w] of WEIGHTS) if ((r -= w) < 0) return kind;
  return WEIGHTS[0][0];
}

describe(`the campaign's counts over a random walk (seed ${SEED})`, () => {
  test("equal the direct count after every step, for every filter", async () => {
    for (let i = 0; i < 12; i++) await STEPS_BY_KIND.addStudent();
    const seen = new Set<string>();
    let blockedSeen = 0;
    for (let step = 0; step < STEPS; step++) {
      const kind = nextKind();
      const outcome = await STEPS_BY_KIND[kind]();
      seen.add(kind);
      expect(await keptHits(), `step ${step} (${kind}: ${outcome}): kept matches`).toEqual(await directHits());
      for (const f of FILTERS) {
        const got = await withTenant(secretaria, (tx) => readCampaignCounts(tx, f));
        expect(got, `step ${step} (${kind}: ${outcome}), filter ${JSON.stringify(f)}`).toEqual(await directCounts(f));
        if (f === FILTERS[0]) blockedSeen = Math.max(blockedSeen, got.bloqueado);
      }
    }
    // The walk did walk: every kind of change happened and some students were blocked.
    expect([...seen].sort()).toEqual(Object.keys(STEPS_BY_KIND).sort());
    expect(blockedSeen).toBeGreaterThan(0);
  }, 300_000);
});

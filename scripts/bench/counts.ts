/**
 * Benchmark of the campaign's counts (issue 20): the statement behind the
 * counts of /rematricula for the whole school, at 300, 3 000 and 30 000
 * students, each school with 100 000 active list rows (names mostly not
 * enrolled, as in real finance files, and spread among the students' names in
 * alphabetical order; a tenth of the students are on it, half of them linked
 * by code), and the 3 000-student school once more with 10 000 rows, to see
 * whether the list's size shows.
 *
 *   node --conditions=react-server --import tsx scripts/bench/counts.ts
 *
 * BENCH_CASES=3000x100000 runs only the schools named (students x rows).
 * DATABASE_URL is the admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
 * a database bench_counts_<timestamp> is created and dropped (see database.ts).
 * For each school: the plan of the counts statement as the app role
 * (EXPLAIN (ANALYZE, BUFFERS)), the plan of the blocked set's body inside
 * it (auto_explain: the function is SECURITY DEFINER, so EXPLAIN shows a
 * Function Scan only), then BENCH_ITERATIONS timed runs of the counts and of a
 * reference — `select count(*) from alunos` through the same path (withTenant,
 * RLS) — alternated, and the ratio of their medians; and the filters' options
 * (unidades, séries, turmas), the page's other read of the whole school.
 */
import os from "node:os";
import { execSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { useDbHandle } from "@/db/client";
import { withTenant, type TenantContext } from "@/db/tenant";
import { readCampaignOptions } from "@/lib/rematricula/campaign-options";
import { countsStatement, readCampaignCounts } from "@/lib/rematricula/counts";
import { EMPTY_QUERY } from "@/lib/rematricula/campaign-query";
import { FIRST_NAMES, SURNAMES } from "@/scripts/seed/names";
import { withBenchDatabase } from "./database";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const ALL_CASES = [
  { students: 300, rows: 100_000 },
  { students: 3_000, rows: 100_000 },
  { students: 30_000, rows: 100_000 },
  { students: 3_000, rows: 10_000 },
];
/** BENCH_CASES=3000x100000,300x100000 runs only those schools (default: all). */
const CASES = process.env.BENCH_CASES
  ? ALL_CASES.filter((c) => process.env.BENCH_CASES!.split(",").includes(`${c.students}x${c.rows}`))
  : ALL_CASES;

interface School { ctx: TenantContext; students: number; rows: number }

/**
 * A full name for number g: first name and two surnames drawn from the seed's
 * lists, and g itself, so that the list's names (other numbers) fall between
 * the students' in alphabetical order as in a real file, not after them.
 */
const fullName = (g: string) =>
  `(${pgArray(FIRST_NAMES)})[1 + (${g}::bigint * 7919) % ${FIRST_NAMES.length}] || ' ' || (${pgArray(SURNAMES)})[1 + (${g}::bigint * 31) % ${SURNAMES.length}]
    || ' ' || (${pgArray(SURNAMES)})[1 + (${g} / 7) % ${SURNAMES.length}] || ' ' || ${g}`;
const pgArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]`;

/** A school: students, its list, liberações, rematrículas finalized and cancelled. */
async function seedSchool(owner: postgres.Sql, n: number, rows: number, k: number): Promise<School> {
  const [t] = await owner`insert into tenants (slug, name) values (${`bench-${k}`}, ${`Colégio ${k}`}) returning id`;
  const tid = t.id as string;
  await owner`update system_config set value = 'true'::jsonb where tenant_id = ${tid}
    and key in ('rematricula.inadimplencia.enabled', 'rematricula.inadimplencia.enforcement.server_enabled')`;
  await owner`update system_config set value = '2026'::jsonb where tenant_id = ${tid} and key = 'escola.ano_letivo'`;
  await owner`insert into unidades (tenant_id, name) values (${tid}, 'Centro'), (${tid}, 'Norte')`;
  const [user] = await owner`insert into users (email, name, password_hash) values (${`s${k}@bench.example`}, 'Secretaria', 'x') returning id`;
  await owner`insert into memberships (tenant_id, user_id, role) values (${tid}, ${user.id}, 'secretaria')`;
  // Every 40th student has left; the rest are active.
  await owner`insert into alunos (tenant_id, nome, matricula, responsavel_nome, unidade, serie, turma, ano_letivo, status)
    select ${tid}, ${owner.unsafe(fullName("g"))}, 'M' || g, 'Responsável ' || g, case when g % 2 = 0 then 'Centro' else 'Norte' end,
      (array['1º ano','2º ano','3º ano','4º ano','5º ano','6º ano','7º ano','8º ano','9º ano'])[1 + g % 9],
      (array['A','B','C'])[1 + g % 3], 2026, case when g % 40 = 0 then 'inativo' else 'ativo' end
    from generate_series(1, ${n}) g`;
  // A fifth re-enrolled (none of them listed; before the list, so the
  // rematrícula guard has nothing to find), one in a hundred cancelled.
  await owner`insert into rematriculas (tenant_id, aluno_id, ano_letivo, status)
    select tenant_id, id, 2027, case when substr(matricula, 2)::int % 100 = 1 then 'cancelada' else 'concluida' end
    from alunos where tenant_id = ${tid} and status = 'ativo' and substr(matricula, 2)::int % 5 = 1`;
  // Every tenth student is on the list: even tenths linked by code, odd tenths by name only.
  // Every 70th row is an old, inactive one.
  await owner`insert into inadimplentes (tenant_id, codigo_inadim, student_name, guardian1_name, meses_inadim, source, is_active, aluno_id)
    select ${tid}, 'B' || g, case when g <= ${n} and g % 10 = 0 then ${owner.unsafe(fullName("g"))} else ${owner.unsafe(fullName("(g + 1000000)"))} end,
      'Responsável ' || g, 1 + g % 12, 'bench', g % 70 <> 0,
      case when g <= ${n} and g % 20 = 0 then (select a.id from alunos a where a.tenant_id = ${tid} and a.matricula = 'M' || g) end
    from generate_series(1, ${rows} + ${rows} / 70) g`;
  // A liberação for every 50th student (some of them listed), a revoked one for every 30th.
  await owner`insert into liberacoes (tenant_id, aluno_id, reason, valid_until, revoked_at)
    select tenant_id, id, 'bench', now() + interval '30 days', case when substr(matricula, 2)::int % 30 = 0 then now() end
    from alunos where tenant_id = ${tid} and (substr(matricula, 2)::int % 50 = 0 or substr(matricula, 2)::int % 30 = 0)`;
  return { ctx: { tenantId: tid, userId: user.id as string }, students: n, rows };
}

/** The plan of the counts statement as the app role, and the blocked set's body inside it (inadimplencia_blocked_in). */
async function explain(owner: postgres.Sql, school: School, notices: string[]): Promise<{ outer: string; body: string }> {
  const { sql: text, params } = new PgDialect().sqlToQuery(countsStatement(EMPTY_QUERY));
  await owner.unsafe(`load 'auto_explain'`);
  await owner.unsafe(`set auto_explain.log_analyze = on`);
  await owner.unsafe(`set auto_explain.log_buffers = on`);
  await owner.unsafe(`set auto_explain.log_nested_statements = on`);
  await owner.unsafe(`set auto_explain.log_level = notice`);
  let outer = "";
  // Twice: the first run of the session also warms the caches; the second is kept.
  for (let round = 0; round < 2; round++) {
    notices.length = 0;
    await owner.unsafe(`set auto_explain.log_min_duration = 0`);
    await owner.begin(async (tx) => {
      await tx`select set_config('role', 'rematricula_app', true), set_config('plan_cache_mode', 'force_custom_plan', true),
        set_config('app.current_tenant', ${school.ctx.tenantId}, true), set_config('app.current_user', ${school.ctx.userId}, true)`;
      const rows = await tx.unsafe(`explain (analyze, buffers) ${text}`, params as never[]);
      outer = rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    await owner.unsafe(`set auto_explain.log_min_duration = -1`);
  }
  const body = notices.find((n) => n.includes("public.inadimplencia_kept_hits")) ?? "(no nested plan reported)";
  return { outer, body: shortenIdLists(body) };
}

/** The body's plan shows the students' ids as a literal array: keep their number, not thousands of uuids. */
const shortenIdLists = (plan: string) =>
  plan.replace(/'\{([0-9a-f-]{36}(,[0-9a-f-]{36})*)\}'::uuid\[\]/g, (_, ids: string) => `'{${ids.split(",").length} ids}'::uuid[]`);

async function timings(school: School): Promise<{ counts: number[]; options: number[]; reference: number[] }> {
  const counts: number[] = [];
  const options: number[] = [];
  const reference: number[] = [];
  const run = async (into: number[] | null, work: () => Promise<unknown>) => {
    const t0 = process.hrtime.bigint();
    await work();
    into?.push(Number(process.hrtime.bigint() - t0) / 1e6);
  };
  const countsRun = () => withTenant(school.ctx, (tx) => readCampaignCounts(tx, EMPTY_QUERY));
  const optionsRun = () => withTenant(school.ctx, (tx) => readCampaignOptions(tx));
  const refRun = () => withTenant(school.ctx, (tx) => tx.execute(sql`select count(*) from alunos`));
  for (let i = 0; i < 5; i++) { await run(null, countsRun); await run(null, optionsRun); await run(null, refRun); }
  for (let i = 0; i < ITERATIONS; i++) { await run(counts, countsRun); await run(options, optionsRun); await run(reference, refRun); }
  return { counts, options, reference };
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];

async function main(): Promise<void> {
  const notices: string[] = [];
  console.log(`uptime: ${execSync("uptime").toString().trim()}`);
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}; ${ITERATIONS} timed runs each`);
  await withBenchDatabase("bench_counts", async (db) => {
    console.log(`PostgreSQL ${db.serverVersion}`);
    useDbHandle(db.handle);
    const schools: School[] = [];
    for (const [k, c] of CASES.entries()) schools.push(await seedSchool(db.owner, c.students, c.rows, k));
    await db.owner`analyze`;
    const explainer = postgres(db.url, { max: 1, onnotice: (n) => notices.push(String(n.message)) });
    const summary: string[] = [];
    try {
      for (const school of schools) {
        const label = `${school.students} students × ${school.rows} list rows`;
        const counts = await withTenant(school.ctx, (tx) => readCampaignCounts(tx, EMPTY_QUERY));
        const plan = await explain(explainer, school, notices);
        const t = await timings(school);
        const [c50, c95, r50, r95] = [pct(t.counts, 0.5), pct(t.counts, 0.95), pct(t.reference, 0.5), pct(t.reference, 0.95)];
        console.log(`\n=== ${label}\ncounts ${JSON.stringify(counts)}`);
        console.log(`\n-- counts statement, as rematricula_app:\n${plan.outer}`);
        console.log(`\n-- the blocked set's body inside it (auto_explain):\n${plan.body.trim()}`);
        const o50 = pct(t.options, 0.5);
        const line = `${label.padEnd(36)} counts p50 ${c50.toFixed(1)} ms p95 ${c95.toFixed(1)} ms | ` +
          `count(*) alunos p50 ${r50.toFixed(1)} ms p95 ${r95.toFixed(1)} ms | ratio p50 ${(c50 / r50).toFixed(1)}× p95 ${(c95 / r95).toFixed(1)}× | ` +
          `filter options p50 ${o50.toFixed(2)} ms (${(o50 / r50).toFixed(2)}×)`;
        console.log(`\n${line}`);
        summary.push(line);
      }
    } finally {
      await explainer.end({ timeout: 5 });
    }
    console.log(`\n=== summary\n${summary.join("\n")}`);
    console.log(`uptime: ${execSync("uptime").toString().trim()}`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

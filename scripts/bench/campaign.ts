/**
 * Benchmark of the campaign list (SPEC §6): /rematricula filtered by a check
 * result means checking every pending student of the school in one call.
 *
 *   node --conditions=react-server --import tsx scripts/bench/campaign.ts
 *
 * DATABASE_URL is the admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
 * the script creates bench_campaign_<timestamp>, loads BENCH_STUDENTS students
 * (3000) and BENCH_DELINQUENTS active delinquents (100000, 10% of the students
 * among them), measures listCampaign and getCampaignProgress through the
 * application path (withTenant → app role → RLS → check_inadimplencia) and
 * drops the database at the end.
 */
import os from "node:os";
import postgres from "postgres";
import { openPostgres, useDbHandle, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { listCampaign } from "@/lib/rematricula/campaign";
import { EMPTY_QUERY, type CampaignQuery } from "@/lib/rematricula/campaign-query";
import { getCampaignProgress } from "@/lib/rematricula/progress";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const N_STUDENTS = Number(process.env.BENCH_STUDENTS ?? 3000);
const N_DELINQUENTS = Number(process.env.BENCH_DELINQUENTS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);

async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)].toFixed(1);
  console.log(`${label.padEnd(44)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms  (n=${ms.length})`);
}

async function main(): Promise<void> {
  const dbName = `bench_campaign_${Date.now()}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  let handle: DbHandle | undefined;
  await admin.unsafe(`create database ${dbName}`);
  try {
    handle = openPostgres(url.toString(), 4);
    await migrateDb(handle);
    useDbHandle(handle);
    const owner = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [tenant] = await owner`insert into tenants (slug, name) values ('bench', 'Colégio Bench') returning id`;
    const tid = tenant.id as string;
    await owner`update system_config set value = 'true'::jsonb where tenant_id = ${tid}
      and key in ('rematricula.inadimplencia.enabled', 'rematricula.inadimplencia.enforcement.server_enabled')`;
    // In 2026 whatever the calendar says: the rematrículas below are for 2027.
    await owner`update system_config set value = '2026'::jsonb where tenant_id = ${tid} and key = 'escola.ano_letivo'`;
    await owner`insert into unidades (tenant_id, name) values (${tid}, 'Centro'), (${tid}, 'Norte')`;
    const [user] = await owner`insert into users (email, name, password_hash) values ('s@bench.example', 'Secretaria', 'x') returning id`;
    await owner`insert into memberships (tenant_id, user_id, role) values (${tid}, ${user.id}, 'secretaria')`;
    await owner`insert into alunos (tenant_id, nome, unidade, serie, turma, ano_letivo)
      select ${tid}, 'Aluno Bench ' || g, case when g % 2 = 0 then 'Centro' else 'Norte' end,
        (array['1º ano','2º ano','3º ano','4º ano','5º ano','6º ano','7º ano','8º ano','9º ano'])[1 + g % 9],
        (array['A','B','C'])[1 + g % 3], 2026
      from generate_series(1, ${N_STUDENTS}) g`;
    // Every tenth student is on the list; the rest of the list are other names.
    await owner`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
      select ${tid}, 'B' || g, case when g <= ${N_STUDENTS} and g % 10 = 0 then 'Aluno Bench ' || g else 'Devedor Bench ' || g end,
        1 + g % 12, 'bench'
      from generate_series(1, ${N_DELINQUENTS}) g`;
    await owner`insert into rematriculas (tenant_id, aluno_id, ano_letivo)
      select tenant_id, id, 2027 from alunos where tenant_id = ${tid} and nome ~ '[1-3]$' and nome !~ '0$'`;
    await owner`analyze`;
    await owner.end();
    const session = { tenantId: tid, userId: user.id as string, roles: ["secretaria" as const] };
    const first = await listCampaign(session, EMPTY_QUERY);
    console.log(`PostgreSQL ${(await admin`select current_setting('server_version') v`)[0].v}, ${os.cpus().length} × ${os.cpus()[0]?.model}`);
    console.log(`school: ${N_STUDENTS} students, ${N_DELINQUENTS} active delinquents; counts ${JSON.stringify(first.counts)}`);
    const list = (query: Partial<CampaignQuery>) => () => listCampaign(session, { ...EMPTY_QUERY, ...query });
    await time("whole school, page 1", list({}));
    await time("whole school, situação = bloqueado", list({ situacao: "bloqueado" }));
    await time("whole school, situação = pendente, page 40", list({ situacao: "pendente", page: 40 }));
    await time("unidade Centro + série 5º ano", list({ unidade: "Centro", serie: "5º ano" }));
    await time("progress panel (per unidade and série)", () => getCampaignProgress(session));
  } finally {
    await handle?.close();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

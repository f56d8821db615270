/**
 * Benchmark of the delinquency check (SPEC §5, §12): a page of 50 students
 * checked against 100 000 active delinquents, on PostgreSQL.
 *
 *   npx tsx scripts/bench/check.ts          (or: npm run bench:check)
 *
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres)
 * and is used only as the admin connection: the benchmark creates its own database
 * bench_check_<timestamp>, migrates it, loads the data as the owner, measures through
 * the application path (withTenant → rematricula_app role → RLS → check_inadimplencia)
 * and drops the database at the end, also on failure.
 *
 * Knobs (environment): BENCH_ITERATIONS (500), BENCH_WARMUP (50),
 * BENCH_DELINQUENTS (100000), BENCH_STUDENTS (1000), BENCH_PAGE (50).
 */
import os from "node:os";
import postgres from "postgres";
import { sql, type SQL } from "drizzle-orm";
import { openPostgres, rowsOf, type DbHandle, type Tx } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { FIRST_NAMES, GUARDIAN_FIRST, SURNAMES } from "@/scripts/seed/names";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ITERATIONS = intEnv("BENCH_ITERATIONS", 500);
const WARMUP = intEnv("BENCH_WARMUP", 50);
const N_DELINQUENTS = intEnv("BENCH_DELINQUENTS", 100_000);
const N_STUDENTS = intEnv("BENCH_STUDENTS", 1_000);
const PAGE_SIZE = intEnv("BENCH_PAGE", 50);
const TARGET_P95_MS = 5;

const N_INACTIVE = 5_000; // soft-deleted rows in the tenant, which the check must ignore
const N_DUPLICATE_NAMES = Math.min(2_000, Math.floor(N_DELINQUENTS / 50)); // same child name, other guardian
const N_MATCH_ACTIVE = Math.floor(N_STUDENTS / 10); // students on the active list
const N_MATCH_INACTIVE = Math.floor(N_STUDENTS / 50); // students only on the inactive part of the list
const N_NOISE_DELINQUENTS = 5_000; // active rows in the other tenant
const N_NOISE_STUDENTS = 50;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

function fail(message: string): never {
  throw new Error(`BENCHMARK CHECK FAILED: ${message}`);
}

// ---------------------------------------------------------------------------------
// Names: a bijection from an index to a distinct, realistic Brazilian full name
// (first name + two or three surnames). The index is scrambled by a multiplier
// coprime with the size of the name space, so neighbouring indexes do not share
// surnames and the list does not come out sorted.
const NF = FIRST_NAMES.length;
const NS = SURNAMES.length;
const NAME_SPACE = NF * NS * NS * (NS + 1);
const SCRAMBLE = 7919; // prime, does not divide NAME_SPACE (2·3·5·31 for the seed lists)
const UNIDADES = ["Unidade Centro", "Unidade Jardim América", "Unidade São José"];

function scrambled(idx: number): number {
  if (idx < 0 || idx >= NAME_SPACE) fail(`name index ${idx} out of range`);
  return Number((BigInt(idx) * BigInt(SCRAMBLE) + 104_729n) % BigInt(NAME_SPACE));
}

function studentName(idx: number): string {
  let k = scrambled(idx);
  const first = FIRST_NAMES[k % NF];
  k = Math.floor(k / NF);
  const s1 = SURNAMES[k % NS];
  k = Math.floor(k / NS);
  const s2 = SURNAMES[k % NS];
  k = Math.floor(k / NS);
  const s3 = k % (NS + 1) === 0 ? null : SURNAMES[(k % (NS + 1)) - 1];
  return [first, s1, s2, s3].filter(Boolean).join(" ");
}

function guardianName(idx: number, variant = 0): string {
  const k = scrambled(idx);
  const surname = SURNAMES[Math.floor(k / NF) % NS];
  return `${GUARDIAN_FIRST[(idx + variant) % GUARDIAN_FIRST.length]} ${surname}`;
}

/** The same person as typed by another secretary: case, accents and spacing differ. */
function typedDifferently(name: string, i: number): string {
  switch (i % 4) {
    case 0: return name.toUpperCase();
    case 1: return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    case 2: return `  ${name.toLowerCase().replace(/ /g, "  ")} `;
    default: return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();
  }
}

// ---------------------------------------------------------------------------------
// Statistics.
interface Stats { n: number; p50: number; p95: number; p99: number; mean: number; min: number; max: number }

function stats(samplesNs: bigint[]): Stats {
  const ms = samplesNs.map((ns) => Number(ns) / 1e6).sort((a, b) => a - b);
  const rank = (p: number) => ms[Math.min(ms.length - 1, Math.max(0, Math.ceil((p / 100) * ms.length) - 1))];
  return {
    n: ms.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    min: ms[0],
    max: ms[ms.length - 1],
  };
}

const f2 = (x: number) => x.toFixed(2);

// ---------------------------------------------------------------------------------
interface CheckRow { aluno_id: string; is_inadimplente: boolean; meses_inadim: number | null; codigo_inadim: string | null }

/**
 * The page query. drizzle expands a JS array interpolated in `sql` into a list
 * "($1, $2, …)", so `${ids}::uuid[]` would be a row cast; the array is bound as ONE
 * parameter (a PostgreSQL array literal) instead.
 */
function checkQuery(ids: string[]): SQL {
  return sql`select * from check_inadimplencia(${`{${ids.join(",")}}`}::uuid[])`;
}

function canonical(rows: CheckRow[]): string {
  return JSON.stringify(
    rows
      .map((r) => [r.aluno_id, r.is_inadimplente, r.meses_inadim ?? null, r.codigo_inadim ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
}

async function pageOneQuery(tx: Tx, ids: string[]): Promise<CheckRow[]> {
  return rowsOf<CheckRow>(await tx.execute(checkQuery(ids)));
}

async function pagePerStudent(tx: Tx, ids: string[]): Promise<CheckRow[]> {
  const out: CheckRow[] = [];
  for (const id of ids) out.push(...rowsOf<CheckRow>(await tx.execute(checkQuery([id]))));
  return out;
}

// ---------------------------------------------------------------------------------
async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const dbName = `bench_check_${Date.now()}`;
  const benchUrl = new URL(ADMIN_URL);
  benchUrl.pathname = `/${dbName}`;

  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  let created = false;
  let handle: DbHandle | undefined;
  let owner: postgres.Sql | undefined;
  try {
    const [{ server_version }] = await admin`select current_setting('server_version') as server_version`;
    await admin.unsafe(`create database ${dbName}`);
    created = true;
    // Ctrl-C or a kill must not leave the database behind either.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        log(`${signal}: dropping ${dbName}`);
        const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
        a.unsafe(`drop database if exists ${dbName} with (force)`)
          .catch((e) => console.error(`could not drop ${dbName}: ${(e as Error).message}`))
          .finally(() => a.end({ timeout: 2 }).finally(() => process.exit(130)));
      });
    }
    log(`database ${dbName} created (PostgreSQL ${server_version})`);

    handle = openPostgres(benchUrl.toString(), 4);
    await migrateDb(handle);
    log("migrated");

    // The owner connection (the superuser that owns the tables) loads the data.
    const notices: string[] = [];
    owner = postgres(benchUrl.toString(), { max: 1, onnotice: (n) => notices.push(String(n.message)) });
    const seed = await seedData(owner);
    log(`seeded in ${seed.seconds.toFixed(1)} s: ${seed.summary}`);

    const ctx = { tenantId: seed.tenantId, userId: seed.userId };

    // Pages as /rematricula lists them: students ordered by name, 50 at a time.
    const ordered = (await owner`
      select id from alunos where tenant_id = ${seed.tenantId} order by nome_norm, id`).map((r) => r.id as string);
    const pages: string[][] = [];
    for (let i = 0; i < ordered.length; i += PAGE_SIZE) pages.push(ordered.slice(i, i + PAGE_SIZE));
    if (pages.length === 0 || pages[0].length !== PAGE_SIZE) fail(`expected full pages of ${PAGE_SIZE}`);
    const fullPages = pages.filter((p) => p.length === PAGE_SIZE);

    // ---- Correctness before timing -------------------------------------------------
    // Expected answer, computed independently by the owner from the tables.
    const expectedRows = await owner`
      select a.id,
        exists (select 1 from inadimplentes i
                where i.tenant_id = a.tenant_id and i.is_active and i.student_name_norm = a.nome_norm)
        and not exists (select 1 from liberacoes l
                where l.tenant_id = a.tenant_id and l.aluno_id = a.id and l.revoked_at is null and l.valid_until > now())
        as hit
      from alunos a where a.tenant_id = ${seed.tenantId}`;
    const expected = new Map(expectedRows.map((r) => [r.id as string, r.hit as boolean]));
    const expectedHits = [...expected.values()].filter(Boolean).length;
    if (expectedHits !== seed.expectedDelinquentStudents) {
      fail(`owner sees ${expectedHits} delinquent students, the seed built ${seed.expectedDelinquentStudents}`);
    }

    const reference = new Map<number, string>();
    let foundAll = 0;
    const perPageHits: number[] = [];
    for (const [p, ids] of fullPages.entries()) {
      const a = await withTenant(ctx, (tx) => pageOneQuery(tx, ids), handle.db);
      const b = await withTenant(ctx, (tx) => pagePerStudent(tx, ids), handle.db);
      if (a.length !== ids.length) fail(`page ${p}: one-query check returned ${a.length} rows for ${ids.length} students`);
      if (canonical(a) !== canonical(b)) fail(`page ${p}: one-query and per-student results differ`);
      for (const r of a) {
        if (expected.get(r.aluno_id) !== r.is_inadimplente) fail(`page ${p}: student ${r.aluno_id} answered ${r.is_inadimplente}`);
        if (r.is_inadimplente && (r.meses_inadim == null || !r.codigo_inadim)) fail(`page ${p}: hit without meses/codigo`);
      }
      const hits = a.filter((r) => r.is_inadimplente).length;
      perPageHits.push(hits);
      foundAll += hits;
      reference.set(p, canonical(a));
    }
    if (foundAll === 0) fail("no delinquent student found in any page");
    if (foundAll !== expectedHits) fail(`pages found ${foundAll} delinquent students, expected ${expectedHits}`);

    // The other tenant's students are invisible from this tenant, even by id.
    const leaked = await withTenant(ctx, (tx) => pageOneQuery(tx, seed.noiseStudentIds), handle.db);
    if (leaked.length !== 0) fail(`other tenant's students leaked: ${leaked.length} rows`);
    // And the app role cannot read the list itself (a secretaria has no finance role).
    const direct = await withTenant(ctx, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from inadimplentes`)), handle.db);
    if (direct[0].n !== 0) fail(`secretaria can read ${direct[0].n} inadimplentes rows directly`);
    log(`verified: ${foundAll} delinquent students over ${fullPages.length} pages ` +
      `(per page min ${Math.min(...perPageHits)}, max ${Math.max(...perPageHits)}), no cross-tenant rows`);

    // ---- EXPLAIN -----------------------------------------------------------------
    const explain = await explainPage(owner, seed.tenantId, seed.userId, fullPages[0], notices);

    // ---- Timing --------------------------------------------------------------------
    // The four series are interleaved, iteration by iteration on the same page, so
    // that background load on the machine affects them alike:
    //   app path: one withTenant transaction per page (BEGIN, set role/tenant/user,
    //             the query or queries, COMMIT), on a pooled connection;
    //   bare:     the query or queries alone, inside one transaction already open as
    //             the app role (on another connection of the pool).
    const verify = (label: string, p: number, rows: CheckRow[]) => {
      if (canonical(rows) !== reference.get(p)) fail(`${label}: page ${p} answered differently from the reference`);
    };
    const samples = { appA: [] as bigint[], appB: [] as bigint[], bareA: [] as bigint[], bareB: [] as bigint[] };
    const time = async (label: keyof typeof samples, i: number, p: number, run: () => Promise<CheckRow[]>) => {
      const t0 = process.hrtime.bigint();
      const rows = await run();
      const t1 = process.hrtime.bigint();
      verify(label, p, rows);
      if (i >= WARMUP) samples[label].push(t1 - t0);
    };
    const db = handle.db;
    const loadBefore = os.loadavg();
    log(`timing: ${WARMUP} warm-up + ${ITERATIONS} iterations, pages rotate over ${fullPages.length}; load average ${loadBefore.map(f2).join(" ")}`);
    const timingStarted = process.hrtime.bigint();
    await withTenant(ctx, async (bareTx) => {
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        const p = i % fullPages.length;
        const ids = fullPages[p];
        await time("appA", i, p, () => withTenant(ctx, (tx) => pageOneQuery(tx, ids), db));
        await time("bareA", i, p, () => pageOneQuery(bareTx, ids));
        await time("appB", i, p, () => withTenant(ctx, (tx) => pagePerStudent(tx, ids), db));
        await time("bareB", i, p, () => pagePerStudent(bareTx, ids));
        if ((i + 1) % 100 === 0) log(`  ${i + 1}/${WARMUP + ITERATIONS}`);
      }
    }, db);
    const timingSeconds = Number(process.hrtime.bigint() - timingStarted) / 1e9;
    const loadAfter = os.loadavg();
    const results = [
      { label: "(a) app path: withTenant + 1 query for the page", queries: 1, s: stats(samples.appA) },
      { label: "(b) app path: withTenant + 1 query per student", queries: PAGE_SIZE, s: stats(samples.appB) },
      { label: "(a) bare: 1 query, inside an open app-role transaction", queries: 1, s: stats(samples.bareA) },
      { label: "(b) bare: 1 query per student, inside an open app-role transaction", queries: PAGE_SIZE, s: stats(samples.bareB) },
    ];

    // ---- Report ----------------------------------------------------------------------
    const appA = results[0].s;
    const appB = results[1].s;
    const bareA = results[2].s;
    const bareB = results[3].s;
    const meets = appA.p95 < TARGET_P95_MS;
    const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const lines: string[] = [];
    lines.push("");
    lines.push(`### Check of a page of ${PAGE_SIZE} students × ${N_DELINQUENTS.toLocaleString("en-US")} active delinquents`);
    lines.push("");
    lines.push(`- PostgreSQL ${server_version}; node ${process.version}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
    lines.push(`- data: ${seed.summary}`);
    lines.push(`- ${WARMUP} warm-up + ${ITERATIONS} measured iterations per row, the four series interleaved; pages of ${PAGE_SIZE} rotate over the ${fullPages.length} name-ordered pages; times in ms (process.hrtime.bigint, client side)`);
    lines.push(`- load average (1/5/15 min) before timing ${loadBefore.map(f2).join(" ")}, after ${loadAfter.map(f2).join(" ")}; timing phase ${timingSeconds.toFixed(1)} s`);
    lines.push(`- verified: one-query and per-student answers identical on every iteration; ${foundAll} delinquent students found (expected ${expectedHits}); no cross-tenant rows`);
    lines.push("");
    lines.push("| series | queries per page | p50 | p95 | p99 | mean | min | max |");
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of results) {
      lines.push(`| ${r.label} | ${r.queries} | ${f2(r.s.p50)} | ${f2(r.s.p95)} | ${f2(r.s.p99)} | ${f2(r.s.mean)} | ${f2(r.s.min)} | ${f2(r.s.max)} |`);
    }
    lines.push("");
    lines.push(`- target: one-query page p95 < ${TARGET_P95_MS} ms on the app path → **${meets ? "met" : "NOT met"}** (p95 ${f2(appA.p95)} ms)`);
    lines.push(`- one query vs one per student: app path p50 ${f2(appA.p50)} vs ${f2(appB.p50)} ms (${f2(appB.p50 / appA.p50)}× slower per student); ` +
      `bare p50 ${f2(bareA.p50)} vs ${f2(bareB.p50)} ms (${f2(bareB.p50 / bareA.p50)}×)`);
    lines.push(`- transaction overhead of the app path (BEGIN + set_config + COMMIT): p50 ≈ ${f2(appA.p50 - bareA.p50)} ms`);
    lines.push(`- plan: ${explain.summary}`);
    lines.push(`- total run ${totalSeconds.toFixed(1)} s (seeding ${seed.seconds.toFixed(1)} s)`);
    console.log(lines.join("\n"));
    console.log("\n#### EXPLAIN (ANALYZE, BUFFERS)\n");
    console.log(explain.text);
    if (!explain.usesIndex) {
      console.log("\nWARNING: the lookup in inadimplentes does not use inadimplentes_active_name_idx nor " +
        "inadimplentes_active_key. Consider an index on inadimplentes (tenant_id, student_name_norm) WHERE is_active.");
    }
  } finally {
    if (owner) await owner.end({ timeout: 5 }).catch(() => {});
    if (handle) await handle.close().catch(() => {});
    if (created) {
      try {
        await admin.unsafe(`drop database if exists ${dbName} with (force)`);
        log(`database ${dbName} dropped`);
      } catch (e) {
        console.error(`could not drop ${dbName}: ${(e as Error).message}`);
      }
    }
    await admin.end({ timeout: 5 });
  }
}

function log(message: string): void {
  console.error(`[bench:check] ${message}`);
}

// ---------------------------------------------------------------------------------
interface Seeded {
  tenantId: string;
  userId: string;
  noiseStudentIds: string[];
  expectedDelinquentStudents: number;
  summary: string;
  seconds: number;
}

async function seedData(db: postgres.Sql): Promise<Seeded> {
  const t0 = process.hrtime.bigint();
  if (N_DELINQUENTS + N_INACTIVE + N_STUDENTS * 2 + N_NOISE_DELINQUENTS > NAME_SPACE) fail("name space too small");

  // Two schools; the trigger gives them the default flags, then the check is turned on in both.
  const tenants = await db`
    insert into tenants (slug, name) values
      ('bench-escola', 'Colégio Bench'), ('bench-ruido', 'Escola Ruído')
    returning id, slug`;
  const tenantId = tenants.find((t) => t.slug === "bench-escola")!.id as string;
  const noiseId = tenants.find((t) => t.slug === "bench-ruido")!.id as string;
  await db`update system_config set value = 'true'::jsonb
           where key = 'rematricula.inadimplencia.enabled' and tenant_id in (${tenantId}, ${noiseId})`;
  for (const t of [tenantId, noiseId]) {
    await db`insert into unidades (tenant_id, name) select ${t}, unnest(${UNIDADES}::text[])`;
  }

  // The staff user who looks at /rematricula: secretaria, no finance role.
  const [user] = await db`
    insert into users (email, name, password_hash)
    values ('secretaria@bench.example', 'Secretaria Bench', 'not-a-real-hash') returning id`;
  await db`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${user.id}, 'secretaria')`;

  // Name index plan (all distinct names):
  //   [0, N_DELINQUENTS - N_DUPLICATE_NAMES)      active delinquents
  //   a second active row for the first N_DUPLICATE_NAMES names (another guardian, another debt)
  //   [INACTIVE_BASE, +N_INACTIVE)                soft-deleted delinquents
  //   [OTHER_BASE, …)                             students not on the list
  const DISTINCT_ACTIVE = N_DELINQUENTS - N_DUPLICATE_NAMES;
  const INACTIVE_BASE = DISTINCT_ACTIVE;
  const OTHER_BASE = INACTIVE_BASE + N_INACTIVE;
  const NOISE_BASE = OTHER_BASE + N_STUDENTS;

  const delinquents = {
    name: [] as string[], guardian: [] as string[], escola: [] as (string | null)[], meses: [] as number[],
    codigo: [] as string[], active: [] as boolean[],
  };
  const pushDelinquent = (idx: number, variant: number, serial: number, active: boolean) => {
    delinquents.name.push(studentName(idx));
    delinquents.guardian.push(guardianName(idx, variant));
    delinquents.escola.push(serial % 7 === 0 ? null : UNIDADES[serial % UNIDADES.length]);
    delinquents.meses.push(1 + ((serial * 37) % 12));
    delinquents.codigo.push(`INAD-${String(serial).padStart(6, "0")}`);
    delinquents.active.push(active);
  };
  let serial = 0;
  for (let i = 0; i < DISTINCT_ACTIVE; i++) pushDelinquent(i, 0, serial++, true);
  for (let i = 0; i < N_DUPLICATE_NAMES; i++) pushDelinquent(i, 7, serial++, true);
  for (let i = 0; i < N_INACTIVE; i++) pushDelinquent(INACTIVE_BASE + i, 0, serial++, false);

  // Owner connection, set-based: one INSERT … SELECT FROM unnest(arrays), in chunks.
  const CHUNK = 25_000;
  for (let off = 0; off < delinquents.name.length; off += CHUNK) {
    const end = off + CHUNK;
    await db`
      insert into inadimplentes (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola,
                                 meses_inadim, source, is_active, deleted_at, deleted_reason)
      select ${tenantId}, u.codigo, u.name, u.guardian, u.escola, u.meses, 'bench', b.active,
             case when b.active then null else now() end,
             case when b.active then null else 'quitado' end
      from unnest(${delinquents.codigo.slice(off, end)}::text[], ${delinquents.name.slice(off, end)}::text[],
                  ${delinquents.guardian.slice(off, end)}::text[], ${delinquents.escola.slice(off, end)}::text[],
                  ${delinquents.meses.slice(off, end)}::int[],
                  ${delinquents.active.slice(off, end).map((a) => (a ? "t" : "f"))}::text[])
        as u(codigo, name, guardian, escola, meses, active_text)
      cross join lateral (select u.active_text::boolean as active) b`;
  }

  // Students: some on the active list (spread over it, including duplicated names),
  // typed with other case/accents/spacing; some only on the inactive part; the rest not on it.
  const students = { nome: [] as string[], resp: [] as string[], unidade: [] as string[], serie: [] as string[] };
  const pushStudent = (nome: string, idx: number, i: number) => {
    students.nome.push(nome);
    students.resp.push(guardianName(idx));
    students.unidade.push(UNIDADES[i % UNIDADES.length]);
    students.serie.push(`${1 + (i % 9)}º ano`);
  };
  let s = 0;
  for (let j = 0; j < N_MATCH_ACTIVE; j++, s++) {
    // The first five have two active rows; the rest are spread over the list (9973 is
    // coprime with 50, so the matched students do not all share a few first names).
    const idx = j < 5 ? j : (j * 9973 + 13) % DISTINCT_ACTIVE;
    pushStudent(typedDifferently(studentName(idx), j), idx, s);
  }
  for (let j = 0; j < N_MATCH_INACTIVE; j++, s++) pushStudent(typedDifferently(studentName(INACTIVE_BASE + j), j), INACTIVE_BASE + j, s);
  for (let j = 0; s < N_STUDENTS; j++, s++) pushStudent(studentName(OTHER_BASE + j), OTHER_BASE + j, s);

  const inserted = await db`
    insert into alunos (tenant_id, nome, responsavel_nome, unidade, serie, turma, ano_letivo, status)
    select ${tenantId}, u.nome, u.resp, u.unidade, u.serie, 'A', 2025, 'ativo'
    from unnest(${students.nome}::text[], ${students.resp}::text[], ${students.unidade}::text[], ${students.serie}::text[])
      with ordinality as u(nome, resp, unidade, serie, ord)
    order by u.ord
    returning id`;
  const studentIds = inserted.map((r) => r.id as string);

  // Two liberações on matched students: one valid (answer: not delinquent), one expired (still delinquent).
  await db`
    insert into liberacoes (tenant_id, aluno_id, reason, granted_by, valid_until) values
      (${tenantId}, ${studentIds[1]}, 'acordo firmado', ${user.id}, now() + interval '30 days'),
      (${tenantId}, ${studentIds[2]}, 'acordo vencido', ${user.id}, now() - interval '1 day')`;

  // Noise school: its list holds the names of this school's students who are NOT on
  // this school's list, so a check that ignored the tenant would flag them.
  const noiseNames = [
    ...students.nome.slice(N_MATCH_ACTIVE + N_MATCH_INACTIVE),
    ...Array.from({ length: N_NOISE_DELINQUENTS }, (_, i) => studentName(NOISE_BASE + i)),
  ].slice(0, N_NOISE_DELINQUENTS);
  await db`
    insert into inadimplentes (tenant_id, codigo_inadim, student_name, guardian1_name, meses_inadim, source)
    select ${noiseId}, 'RUIDO-' || u.ord, u.name, null, 3, 'bench'
    from unnest(${noiseNames}::text[]) with ordinality as u(name, ord)`;
  const noiseStudents = await db`
    insert into alunos (tenant_id, nome, status)
    select ${noiseId}, u.name, 'ativo' from unnest(${noiseNames.slice(0, N_NOISE_STUDENTS)}::text[]) as u(name)
    returning id`;

  // VACUUM as well as ANALYZE: the list is in its steady state (hint bits set,
  // visibility map current) and autovacuum does not wake up in the middle of the timing.
  await db`vacuum (analyze)`;
  await db`checkpoint`;

  const [counts] = await db`
    select
      count(*) filter (where tenant_id = ${tenantId} and is_active)::int as active,
      count(*) filter (where tenant_id = ${tenantId} and not is_active)::int as inactive,
      count(distinct student_name_norm) filter (where tenant_id = ${tenantId} and is_active)::int as active_names,
      count(*) filter (where tenant_id = ${noiseId})::int as noise
    from inadimplentes`;
  if (counts.active !== N_DELINQUENTS) fail(`expected ${N_DELINQUENTS} active rows, found ${counts.active}`);

  const summary = `${counts.active} active delinquents (${counts.active_names} distinct names) + ${counts.inactive} inactive in the tenant; ` +
    `${studentIds.length} students (${N_MATCH_ACTIVE} on the active list typed with other case/accents/spacing, 1 of them with a valid liberação, ` +
    `${N_MATCH_INACTIVE} only on the inactive part); other tenant: ${counts.noise} active delinquents, ${noiseStudents.length} students`;
  return {
    tenantId,
    userId: user.id as string,
    noiseStudentIds: noiseStudents.map((r) => r.id as string),
    expectedDelinquentStudents: N_MATCH_ACTIVE - 1,
    summary,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

// ---------------------------------------------------------------------------------
/**
 * check_inadimplencia is SECURITY DEFINER, hence never inlined: EXPLAIN of the call
 * shows a Function Scan only. auto_explain (nested statements, reported to the
 * client as NOTICE) shows the plan of the function's body as it really runs.
 */
async function explainPage(
  db: postgres.Sql, tenantId: string, userId: string, ids: string[], notices: string[],
): Promise<{ text: string; summary: string; usesIndex: boolean }> {
  const arr = `{${ids.join(",")}}`;
  let outer = "";
  let nestedPlan = "";
  try {
    await db.unsafe(`load 'auto_explain'`);
    await db.unsafe(`set auto_explain.log_analyze = on`);
    await db.unsafe(`set auto_explain.log_buffers = on`);
    await db.unsafe(`set auto_explain.log_nested_statements = on`);
    await db.unsafe(`set auto_explain.log_level = notice`);
  } catch (e) {
    nestedPlan = `(auto_explain unavailable: ${(e as Error).message})`;
  }
  // Twice: the first call of the session also pays for the function's cache; the second is kept.
  for (let round = 0; round < 2; round++) {
    notices.length = 0;
    if (!nestedPlan.startsWith("(auto_explain")) await db.unsafe(`set auto_explain.log_min_duration = 0`);
    await db.begin(async (tx) => {
      await tx`select set_config('role', 'rematricula_app', true),
        set_config('app.current_tenant', ${tenantId}, true), set_config('app.current_user', ${userId}, true)`;
      const rows = await tx.unsafe(`explain (analyze, buffers) select * from check_inadimplencia($1::uuid[])`, [arr]);
      outer = rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    if (!nestedPlan.startsWith("(auto_explain")) await db.unsafe(`set auto_explain.log_min_duration = -1`);
  }
  if (!nestedPlan) nestedPlan = notices.find((n) => n.includes("public.inadimplentes")) ?? "(no nested plan reported)";

  // How long planning the body takes: the body run as a plain statement by the owner
  // (the function's definer; a superuser, so RLS does not apply, as in the function).
  const [{ prosrc }] = await db`select prosrc from pg_proc where proname = 'check_inadimplencia'`;
  // The PL/pgSQL body is one RETURN QUERY: that statement is what gets planned.
  const query = /RETURN QUERY([\s\S]*);\s*END/i.exec(String(prosrc))?.[1] ?? String(prosrc);
  const bodySql = query.replace(/\bp_aluno_ids\b/g, "$1::uuid[]");
  let bodyPlanning: string | undefined;
  await db.begin(async (tx) => {
    await tx`select set_config('app.current_tenant', ${tenantId}, true), set_config('app.current_user', ${userId}, true)`;
    for (let i = 0; i < 3; i++) {
      const rows = await tx.unsafe(`explain (analyze, summary) ${bodySql}`, [arr]);
      bodyPlanning = /Planning Time: ([\d.]+) ms/.exec(rows.map((r) => r["QUERY PLAN"]).join("\n"))?.[1];
    }
  });
  const text = [
    "Call, as the app role (secretaria) — the function is SECURITY DEFINER, so only a Function Scan shows:",
    "```",
    outer,
    "```",
    "Body of check_inadimplencia for the same call (auto_explain, nested statement):",
    "```",
    nestedPlan.trim(),
    "```",
  ].join("\n");
  const usesName = /inadimplentes_active_name_idx/.test(nestedPlan);
  const usesKey = /inadimplentes_active_key/.test(nestedPlan);
  const seqScan = /Seq Scan on inadimplentes/.test(nestedPlan);
  const alunosIdx = /(Index|Bitmap Index) Scan[^\n]*alunos/.test(nestedPlan);
  const exec = /Execution Time: ([\d.]+) ms/.exec(outer)?.[1];
  const body = /duration: ([\d.]+) ms/.exec(nestedPlan)?.[1];
  const usesIndex = (usesName || usesKey) && !seqScan;
  const summary = [
    usesName ? "inadimplentes via inadimplentes_active_name_idx" : usesKey ? "inadimplentes via inadimplentes_active_key" : "inadimplentes NOT via an index",
    seqScan ? "SEQ SCAN on inadimplentes" : "no seq scan on inadimplentes",
    alunosIdx ? "alunos via index" : "alunos not via index",
    exec ? `server execution ${exec} ms for the call` : "",
    body ? `of which the body's executor ${body} ms` : "",
    bodyPlanning ? `planning the body alone takes ${bodyPlanning} ms (PL/pgSQL caches this plan per connection after the first calls)` : "",
  ].filter(Boolean).join("; ");
  return { text, summary, usesIndex };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});

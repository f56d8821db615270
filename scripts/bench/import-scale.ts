/**
 * The import on a real school (issue 16, "a preview that stays fast"), on PostgreSQL:
 *
 *   npx tsx --expose-gc --conditions=react-server scripts/bench/import-scale.ts
 *
 * Same database handling as scripts/bench/import.ts (BENCH_DATABASE_URL / DATABASE_URL).
 * In one run, each school holding 5 000 students (BENCH_STUDENTS):
 *  (c) an upload just under BENCH_UPLOAD_MB (19) MB previewed in-process through
 *      previewImport, the server action's own function: RSS growth (first, so
 *      the process's peak RSS is this step's);
 *  (a) a 100 000-row file (BENCH_ROWS), one name in five matching no student:
 *      preview + commit, against a plain COPY of the same rows into a table with
 *      the same generated columns and indexes, and an INSERT … SELECT of those
 *      rows into another such table (the floor of a commit from staged rows);
 *  (b) a 10 000-row file, every name unmatched: preview against the same file's commit;
 *  and the plan of the suggestions' query for a page of the preview's unmatched rows.
 * BENCH_CASES picks some of them (e.g. "b"); all by default.
 * Ratios are what to read on a loaded machine: each pair runs back to back.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { copyField } from "@/db/copy";
import { rowsOf, useDbHandle } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { FIRST_NAMES, GUARDIAN_FIRST, personName } from "@/scripts/seed/names";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { readImportFile } from "@/lib/inadimplencia/import/read-file";
import { stagedNames, suggestionsQuery } from "@/lib/inadimplencia/import/reconcile";
import { stageRows } from "@/lib/inadimplencia/import/stage";
import { type ImportRow, PREVIEW_PAGE_SIZE } from "@/lib/inadimplencia/import/types";
import { staffSession, timed, withBenchDatabase, type BenchDatabase } from "./database";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 5_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const UNMATCHED_ROWS = Number(process.env.BENCH_UNMATCHED_ROWS ?? 10_000);
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 19);
/** Which cases to run, in this order: c, a, b (the plan goes with b). */
const CASES = process.env.BENCH_CASES ?? "cab";
const SCHOOLS = ["Unidade Centro", "Unidade Jardim América", "Unidade São José", "pelicano"];
/** Names from here on are nobody's: the students take the first STUDENTS. */
const NOBODY = 1_000_000;


/**
 * A finance export: row n names student n mod STUDENTS, except every
 * `unmatchedEvery`-th row, which names nobody (a distinct guardian keeps each
 * row its own key on the list).
 */
function csvBytes(rows: number, unmatchedEvery: number, offset = 0): Uint8Array {
  const lines = ["codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim"];
  for (let i = 0; i < rows; i++) {
    const n = i + offset;
    const name = n % unmatchedEvery === 0 ? personName(NOBODY + n, FIRST_NAMES) : personName(n % STUDENTS, FIRST_NAMES);
    lines.push(`INAD-${String(n).padStart(7, "0")};${name};` +
      `${personName(n * 7 + 3, GUARDIAN_FIRST)};${SCHOOLS[n % SCHOOLS.length]};${(n % 24) + 1}`);
  }
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

/** A school with STUDENTS students and a finance user. */
async function school(db: BenchDatabase, label: string): Promise<TenantSession> {
  const session = await staffSession(db, label, "financeiro");
  // The file's unidades are the school's: no row is an "unknown unidade" warning.
  await db.owner`insert into unidades (tenant_id, name) select ${session.tenantId}, unnest(${SCHOOLS}::text[])`;
  const names = Array.from({ length: STUDENTS }, (_, i) => personName(i, FIRST_NAMES));
  await db.owner`insert into alunos (tenant_id, matricula, nome, unidade)
    select ${session.tenantId}, 'M' || n, nome, ${SCHOOLS[0]}
    from unnest(${names}::text[]) with ordinality as x(nome, n)`;
  await db.owner`analyze alunos`;
  return session;
}


const mb = (bytes: number) => bytes / (1024 * 1024);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function uploadMemory(db: BenchDatabase) {
  const perRow = csvBytes(1000, 5, NOBODY).length / 1000;
  const rows = Math.floor((UPLOAD_MB * 1024 * 1024) / perRow);
  const session = await school(db, "memoria");
  const bytes = csvBytes(rows, 5, NOBODY);
  gc();
  const before = process.memoryUsage().rss;
  const [preview, ms] = await timed(() => previewImport(session, { name: "grande.csv", bytes }, { mode: "replace" }));
  if (!preview.ok) throw new Error(preview.error);
  gc();
  const after = process.memoryUsage().rss;
  const peak = process.resourceUsage().maxRSS * 1024;
  return { sizeMb: mb(bytes.length), rows, ms, growthMb: mb(after - before), peakGrowthMb: mb(peak - before) };
}

async function previewAndCommit(session: TenantSession, bytes: Uint8Array) {
  const file = { name: "bench.csv", bytes };
  const [preview, previewMs] = await timed(() => previewImport(session, file, { mode: "upsert" }));
  if (!preview.ok) throw new Error(preview.error);
  const [report, commitMs] = await timed(() => commitImport(session, file, { mode: "upsert", expectedSha256: preview.sha256 }));
  if (!report.ok) throw new Error(report.error);
  return { previewMs, commitMs, effect: preview.effect };
}

function copyText(tenantId: string, rows: readonly ImportRow[]): string {
  return rows.map((r) => [tenantId, r.codigoInadim, r.studentName, r.guardian1Name, r.studentEscola, r.mesesInadim]
    .map(copyField).join("\t")).join("\n") + "\n";
}

/** The same rows, already parsed, by COPY into `like inadimplentes including all` as the owner. */
async function plainCopy(db: BenchDatabase, tenantId: string, rows: readonly ImportRow[]) {
  await db.owner`create table bench_copy (like inadimplentes including all)`;
  const text = copyText(tenantId, rows);
  const [, ms] = await timed(async () => {
    const stream = await db.owner`copy bench_copy (tenant_id, codigo_inadim, student_name, guardian1_name,
      student_escola, meses_inadim) from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", resolve);
      stream.end(text);
    });
  });
  const [{ n }] = await db.owner`select count(*)::int as n from bench_copy`;
  if (Number(n) !== rows.length) throw new Error(`COPY loaded ${n} rows`);
  return ms;
}

/**
 * The least any commit from a staged table can cost: the same rows by one
 * INSERT … SELECT into another `like inadimplentes including all`, as the
 * owner — no audit, no row security, no foreign keys, no conflict handling.
 */
async function bareInsert(db: BenchDatabase): Promise<number> {
  await db.owner`create table bench_insert (like inadimplentes including all)`;
  const [, ms] = await timed(() => db.owner`insert into bench_insert (tenant_id, codigo_inadim, student_name,
    guardian1_name, student_escola, meses_inadim) select tenant_id, codigo_inadim, student_name, guardian1_name,
    student_escola, meses_inadim from bench_copy`);
  return ms;
}

/**
 * EXPLAIN ANALYZE of the suggestions for one page of unmatched lines, as the
 * preview asks for its first page (and a later page's action for its own).
 */
async function suggestionsPlan(session: TenantSession, rows: readonly ImportRow[]): Promise<string> {
  return withTenant(session, async (tx) => {
    await stageRows(tx, rows);
    const lines = rows.slice(0, PREVIEW_PAGE_SIZE).map((r) => r.line);
    const plan = rowsOf<{ "QUERY PLAN": string }>(
      await tx.execute(sql`explain (analyze, costs off) ${suggestionsQuery(stagedNames(lines))}`));
    return plan.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

async function main() {
  process.env.IMPORT_MAX_ROWS = String(Math.max(ROWS, 250_000));
  await withBenchDatabase("bench_scale", async (db) => {
    useDbHandle(db.handle);
    const r = (x: number) => `${x.toFixed(2)}×`;
    const out: string[] = [];
    if (CASES.includes("c")) {
      const memory = await uploadMemory(db);
      out.push(`(c) ${memory.sizeMb.toFixed(1)} MB upload, ${memory.rows.toLocaleString("en")} rows: preview ${memory.ms.toFixed(0)} ms; ` +
        `RSS growth after it ${memory.growthMb.toFixed(0)} MB, peak growth during it ${memory.peakGrowthMb.toFixed(0)} MB; ` +
        `target < 150 MB: ${memory.peakGrowthMb < 150 ? "met" : "NOT met"}`);
    }
    if (CASES.includes("a")) {
      const bigBytes = csvBytes(ROWS, 5);
      const big = await school(db, "escala");
      const a = await previewAndCommit(big, bigBytes);
      const read = readImportFile(bigBytes);
      if (!read.ok) throw new Error(read.error);
      const copyMs = await plainCopy(db, big.tenantId, read.rows);
      const insertMs = await bareInsert(db);
      out.push(`(a) ${ROWS.toLocaleString("en")} rows, ${mb(bigBytes.length).toFixed(1)} MB, 20% unmatched ` +
        `(effect ${JSON.stringify(a.effect)}): preview ${a.previewMs.toFixed(0)} ms + commit ${a.commitMs.toFixed(0)} ms ` +
        `= ${(a.previewMs + a.commitMs).toFixed(0)} ms; plain COPY ${copyMs.toFixed(0)} ms; ` +
        `ratio ${r((a.previewMs + a.commitMs) / copyMs)}, target ≤ 2×: ${(a.previewMs + a.commitMs) / copyMs <= 2 ? "met" : "NOT met"}\n` +
        `    floor: the preview alone ${r(a.previewMs / copyMs)} COPY; the same rows by a bare INSERT … SELECT ` +
        `${insertMs.toFixed(0)} ms = ${r(insertMs / copyMs)}; together ${r((a.previewMs + insertMs) / copyMs)}`);
    }
    if (CASES.includes("b")) {
      const lostBytes = csvBytes(UNMATCHED_ROWS, 1, 2 * NOBODY);
      const lost = await school(db, "sem-par");
      const b = await previewAndCommit(lost, lostBytes);
      const lostRead = readImportFile(lostBytes);
      if (!lostRead.ok) throw new Error(lostRead.error);
      const plan = await suggestionsPlan(await school(db, "plano"), lostRead.rows);
      out.push(`(b) ${UNMATCHED_ROWS.toLocaleString("en")} rows, all unmatched: preview ${b.previewMs.toFixed(0)} ms, ` +
        `commit ${b.commitMs.toFixed(0)} ms; ratio ${r(b.previewMs / b.commitMs)}, target ≤ 3×: ${b.previewMs / b.commitMs <= 3 ? "met" : "NOT met"}`);
      out.push(`\nsuggestions' plan (a page: ${PREVIEW_PAGE_SIZE} unmatched lines, ${STUDENTS} students):\n${plan}`);
    }
    const [l1, l5, l15] = os.loadavg();
    console.log(`machine: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM; ` +
      `PostgreSQL ${db.serverVersion}; node ${process.version}; load average at the end ${l1.toFixed(2)}, ${l5.toFixed(2)}, ${l15.toFixed(2)}`);
    console.log(`school: ${STUDENTS.toLocaleString("en")} students\n`);
    console.log(out.join("\n"));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

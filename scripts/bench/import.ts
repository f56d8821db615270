/**
 * Benchmark of the CSV import (SPEC §8, §12) on PostgreSQL:
 *
 *   npx tsx --conditions=react-server scripts/bench/import.ts
 *
 * (--conditions=react-server lets the lib's `import "server-only"` load outside Next.)
 * Add --expose-gc (before --conditions) for steadier memory figures; BENCH_ONLY=memory runs step 1 alone.
 * BENCH_DATABASE_URL names a database to use as is; without it a fresh database is
 * created on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres)
 * and dropped at the end. BENCH_ROWS (100000), BENCH_UPLOAD_MB (20).
 *
 * In one run, for the same generated rows:
 *  1. the upload's memory: RSS growth of reading and previewing a ~20 MB file in-process;
 *  2. ours, end to end: bytes → readImportFile → previewImport → commitImport, each timed,
 *     into an empty list, then the same file again (nothing changes);
 *  3. a plain COPY of the same rows, as the owner, into `bench_copy (like inadimplentes
 *     including all)`: same generated columns and indexes, no RLS, no audit trigger;
 *  4. the seed's design (seed 001 §7): the rows staged, then a loop that upserts one
 *     staged row at a time, under the same role, RLS and audit trigger as ours.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { copyField } from "@/db/copy";
import { useDbHandle } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { FIRST_NAMES, GUARDIAN_FIRST, personName } from "@/scripts/seed/names";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { readImportFile } from "@/lib/inadimplencia/import/read-file";
import { stageRows } from "@/lib/inadimplencia/import/stage";
import type { ImportRow } from "@/lib/inadimplencia/import/types";
import { staffSession, timed, withBenchDatabase, type BenchDatabase } from "./database";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 20);
const SCHOOLS = ["Unidade Centro", "Unidade Jardim América", "Unidade São José", "pelicano"];


/** A finance export as Excel writes it: semicolons, one row per delinquent student. */
function csvBytes(rows: number, offset = 0): Uint8Array {
  const lines = ["codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim"];
  for (let i = 0; i < rows; i++) {
    const n = i + offset;
    lines.push(`INAD-${String(n).padStart(7, "0")};${personName(n, FIRST_NAMES)};` +
      `${personName(n * 7 + 3, GUARDIAN_FIRST)};${SCHOOLS[n % SCHOOLS.length]};${(n % 24) + 1}`);
  }
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}


const mb = (bytes: number) => bytes / (1024 * 1024);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function uploadMemory(db: BenchDatabase) {
  const offset = 5_000_000;
  const perRow = csvBytes(1000, offset).length / 1000;
  // Just under the limit: the upload the SPEC allows at its largest.
  const rows = Math.floor((UPLOAD_MB * 1024 * 1024 * 0.99) / perRow);
  process.env.IMPORT_MAX_ROWS = String(Math.max(rows + 1, 200_000));
  const bytes = csvBytes(rows, offset);
  const session = await staffSession(db, "memoria", "financeiro");
  gc();
  const before = process.memoryUsage().rss;
  const [preview, ms] = await timed(() => previewImport(session, { name: "grande.csv", bytes }, { mode: "replace" }));
  if (!preview.ok) throw new Error(preview.error);
  const after = process.memoryUsage().rss;
  const peak = process.resourceUsage().maxRSS * 1024;
  return {
    sizeMb: mb(bytes.length), rows, ms, growthMb: mb(after - before), peakGrowthMb: mb(peak - before),
  };
}

function memoryLine(m: Awaited<ReturnType<typeof uploadMemory>>): string {
  return `upload memory: ${m.sizeMb.toFixed(1)} MB file, ${m.rows.toLocaleString("en")} rows, ` +
    `preview ${m.ms.toFixed(0)} ms; RSS growth ${m.growthMb.toFixed(0)} MB after it, ` +
    `peak growth during it ${m.peakGrowthMb.toFixed(0)} MB; ` +
    `target < 150 MB (issue 16): ${m.peakGrowthMb < 150 ? "met" : "NOT met"}`;
}

async function ours(db: BenchDatabase, bytes: Uint8Array) {
  const session = await staffSession(db, "nossa", "financeiro");
  const file = { name: "bench.csv", bytes };
  const [read, readMs] = await timed(() => readImportFile(bytes));
  if (!read.ok) throw new Error(read.error);
  const [preview, previewMs] = await timed(() => previewImport(session, file, { mode: "upsert" }));
  if (!preview.ok) throw new Error(preview.error);
  const [report, commitMs] = await timed(() =>
    commitImport(session, file, { mode: "upsert", expectedSha256: preview.sha256 }));
  if (!report.ok || report.counts.inserted !== read.rows.length) throw new Error("commit did not insert every row");
  const [again, againMs] = await timed(() =>
    commitImport(session, file, { mode: "upsert", expectedSha256: preview.sha256 }));
  if (!again.ok || again.counts.inserted + again.counts.updated !== 0) throw new Error("re-import changed rows");
  return { rows: read.rows, readMs, previewMs, commitMs, againMs };
}

function copyText(tenantId: string, rows: readonly ImportRow[]): string {
  return rows.map((r) => [tenantId, r.codigoInadim, r.studentName, r.guardian1Name, r.studentEscola, r.mesesInadim]
    .map(copyField).join("\t")).join("\n") + "\n";
}

async function plainCopy(db: BenchDatabase, rows: readonly ImportRow[]) {
  const session = await staffSession(db, "copy", "financeiro");
  await db.owner`create table bench_copy (like inadimplentes including all)`;
  const text = copyText(session.tenantId, rows);
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

/** Seed 001's ingest: the staged rows upserted one at a time, as its RPC loop does. */
async function rowByRow(db: BenchDatabase, rows: readonly ImportRow[]) {
  const session = await staffSession(db, "linha-a-linha", "financeiro");
  // A bulk write like our commit, so the loop is not slowed by replanning its statement on every row.
  const [, ms] = await timed(() => withTenant({ ...session, cachedPlans: true }, async (tx) => {
    await stageRows(tx, rows);
    await tx.execute(sql.raw(`do $$
      declare r record;
      begin
        for r in select * from import_stage order by line loop
          insert into inadimplentes as i (tenant_id, codigo_inadim, student_name, guardian1_name, student_escola,
            meses_inadim, source, created_by, updated_by)
          values (app_tenant(), r.codigo_inadim, r.student_name, r.guardian1_name, r.student_escola,
            r.meses_inadim, 'import', app_user(), app_user())
          on conflict (tenant_id, student_name_norm, coalesce(guardian1_name_norm, ''), coalesce(student_escola_norm, ''),
            coalesce(upper(btrim(codigo_aluno)), '')) where is_active
          do update set codigo_inadim = excluded.codigo_inadim, student_name = excluded.student_name,
            guardian1_name = excluded.guardian1_name, student_escola = excluded.student_escola,
            meses_inadim = excluded.meses_inadim;
        end loop;
      end $$`));
  }));
  const [{ n }] = await db.owner`select count(*)::int as n from inadimplentes where tenant_id = ${session.tenantId}`;
  if (Number(n) !== rows.length) throw new Error(`row-by-row loaded ${n} rows`);
  return ms;
}

async function main() {
  await withBenchDatabase("bench_import", async (db) => {
    useDbHandle(db.handle);
    const memory = await uploadMemory(db);
    if (process.env.BENCH_ONLY === "memory") {
      console.log(memoryLine(memory));
      return;
    }
    const bytes = csvBytes(ROWS);
    const o = await ours(db, bytes);
    const copyMs = await plainCopy(db, o.rows);
    const loopMs = await rowByRow(db, o.rows);
    const endToEnd = o.previewMs + o.commitMs;
    const f = (ms: number) => ms.toFixed(0).padStart(8);
    const r = (x: number) => `${x.toFixed(2)}×`;
    console.log(`\nmachine: ${os.cpus().length} CPUs (nproc), ${os.cpus()[0]?.model ?? "?"}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM; PostgreSQL ${db.serverVersion}; node ${process.version}`);
    console.log(`rows: ${o.rows.length.toLocaleString("en")}  file: ${mb(bytes.length).toFixed(1)} MB\n`);
    console.log("step                                         ms");
    console.log(`readImportFile (decode, parse, validate)  ${f(o.readMs)}`);
    console.log(`previewImport (read + stage + reconcile)  ${f(o.previewMs)}`);
    console.log(`commitImport  (read + stage + upsert)     ${f(o.commitMs)}`);
    console.log(`end to end (preview + commit)             ${f(endToEnd)}`);
    console.log(`same file again (commit, 0 changes)       ${f(o.againMs)}`);
    console.log(`plain COPY into bench_copy                ${f(copyMs)}`);
    console.log(`seed's row-by-row upsert loop             ${f(loopMs)}  (rows already parsed, staged in bulk)`);
    console.log("");
    console.log(`end to end / COPY        ${r(endToEnd / copyMs)}   target ≤ 2.5×: ${endToEnd / copyMs <= 2.5 ? "met" : "NOT met"}`);
    console.log(`commit alone / COPY      ${r(o.commitMs / copyMs)}`);
    const loopTotal = o.readMs + loopMs;
    console.log(`row-by-row / our commit  ${r(loopTotal / o.commitMs)}   target ≥ 3×: ${loopTotal / o.commitMs >= 3 ? "met" : "NOT met"}`);
    console.log(`\n${memoryLine(memory)}`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Benchmark of the roster import (issue 17) on PostgreSQL:
 *
 *   npx tsx --conditions=react-server scripts/bench/roster.ts
 *
 * A school of BENCH_EXISTING (5 000) students receives a roster of BENCH_ROWS
 * (20 000) rows: the existing students (every tenth with a new série), and the
 * rest new. Timed, for the same rows: ours end to end (read, preview, commit —
 * as the secretaria, under RLS, with the audit trigger and the batch record),
 * then the same file again (nothing changes), against a plain COPY of the same
 * rows as the owner into `bench_copy (like alunos including all)`. Database
 * selection as in scripts/bench/import.ts (BENCH_DATABASE_URL or a fresh one).
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { useDbHandle } from "@/db/client";
import type { TenantSession } from "@/lib/auth/permissions";
import { commitRoster } from "@/lib/people/roster/commit";
import { loadRosterFile } from "@/lib/people/roster/load";
import { previewRoster } from "@/lib/people/roster/preview";
import { FIRST_NAMES, GUARDIAN_FIRST, personName } from "@/scripts/seed/names";
import { staffSession, timed, withBenchDatabase, type BenchDatabase } from "./database";

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const EXISTING = Number(process.env.BENCH_EXISTING ?? 5_000);
const SERIES = ["1º ano", "2º ano", "3º ano", "4º ano", "5º ano", "6º ano", "7º ano", "8º ano", "9º ano", "1ª série EM"];

interface Student { code: string; nome: string; nasc: string; resp: string; unidade: string; serie: string; turma: string }

function student(i: number, bump = false): Student {
  const serie = SERIES[(i + (bump ? 1 : 0)) % SERIES.length];
  return {
    code: String(i + 1).padStart(6, "0"),
    nome: personName(i, FIRST_NAMES),
    nasc: `20${String(10 + (i % 8)).padStart(2, "0")}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
    resp: personName(i * 7 + 3, GUARDIAN_FIRST),
    unidade: i % 2 ? "Norte" : "Centro",
    serie,
    turma: i % 3 ? "A" : "B",
  };
}

/** The roster as Excel in Portuguese saves it: `;`, CRLF, dd/mm/aaaa. */
function rosterBytes(rows: Student[]): Uint8Array {
  const br = (iso: string) => iso.split("-").reverse().join("/");
  const lines = ["Matrícula;Nome;Data de nascimento;Responsável;Unidade;Série;Turma;Situação",
    ...rows.map((s) => [s.code, s.nome, br(s.nasc), s.resp, s.unidade, s.serie, s.turma, "Ativo"].join(";"))];
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

async function school(db: BenchDatabase, label: string, existing: Student[]): Promise<TenantSession> {
  const session = await staffSession(db, label, "secretaria");
  const t = session.tenantId;
  await db.owner`update system_config set value = '2026'::jsonb where tenant_id = ${t} and key = 'escola.ano_letivo'`;
  await db.owner`insert into unidades (tenant_id, name) values (${t}, 'Centro'), (${t}, 'Norte')`;
  if (existing.length) {
    await db.owner`insert into alunos (tenant_id, matricula, nome, data_nascimento, responsavel_nome, unidade, serie, turma, ano_letivo)
      select ${t}, x.code, x.nome, x.nasc::date, x.resp, x.unidade, x.serie, x.turma, 2026
      from json_to_recordset(${db.owner.json(existing as never)}::json) as x(code text, nome text, nasc text, resp text, unidade text, serie text, turma text)`;
  }
  return session;
}


async function plainCopy(db: BenchDatabase, tenantId: string, rows: Student[]): Promise<number> {
  await db.owner`create table bench_copy (like alunos including all)`;
  const text = rows.map((s) => [tenantId, s.code, s.nome, s.nasc, s.resp, s.unidade, s.serie, s.turma, "2026", "ativo"].join("\t")).join("\n") + "\n";
  const [, ms] = await timed(async () => {
    const stream = await db.owner`copy bench_copy (tenant_id, matricula, nome, data_nascimento, responsavel_nome, unidade,
      serie, turma, ano_letivo, status) from stdin`.writable();
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

async function main() {
  const existing = Array.from({ length: EXISTING }, (_, i) => student(i));
  const file = Array.from({ length: ROWS }, (_, i) => student(i, i < EXISTING && i % 10 === 0));
  const bytes = rosterBytes(file);
  const upload = { name: "roster.csv", bytes };
  const sha = createHash("sha256").update(bytes).digest("hex");
  await withBenchDatabase("bench_roster", async (db) => {
    useDbHandle(db.handle);
    const s = await school(db, "roster", existing);
    const [, readMs] = await timed(() => loadRosterFile(upload));
    const [preview, previewMs] = await timed(() => previewRoster(s, upload, { mode: "upsert" }));
    if (!preview.ok) throw new Error(preview.error);
    const [report, commitMs] = await timed(() => commitRoster(s, upload, { mode: "upsert", expectedSha256: sha }));
    if (!report.ok) throw new Error(report.error);
    const [again, againMs] = await timed(async () => {
      const p = await previewRoster(s, upload, { mode: "upsert" });
      const c = await commitRoster(s, upload, { mode: "upsert", expectedSha256: sha });
      return { p, c };
    });
    const copyMs = await plainCopy(db, s.tenantId, file);
    const f = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
    const ours = previewMs + commitMs;
    console.log(`PostgreSQL ${db.serverVersion}, ${os.cpus().length} CPUs, node ${process.version}`);
    console.log(`${ROWS} rows into a school of ${EXISTING}: ${JSON.stringify(preview.counts)}`);
    console.log(`read (decode, parse, validate)            ${f(readMs)}`);
    console.log(`preview (read + plan)                     ${f(previewMs)}`);
    console.log(`commit (read + plan + writes + batch)     ${f(commitMs)}   ${JSON.stringify(report.counts)}`);
    console.log(`same file again, preview + commit         ${f(againMs)}   ${again.c.ok ? JSON.stringify(again.c.counts) : ""}`);
    console.log(`plain COPY into bench_copy                ${f(copyMs)}`);
    console.log(`preview + commit / COPY  ${(ours / copyMs).toFixed(2)}×   target ≤ 2.5×: ${ours / copyMs <= 2.5 ? "met" : "NOT met"}`);
  });
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});

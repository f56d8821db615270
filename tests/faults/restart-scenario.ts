/**
 * The app's side of the restart fault, run as its own process (like a server
 * would be) so that a crash of the process is an observable outcome rather than
 * a crash of the test runner:
 *
 *   npx tsx --conditions=react-server tests/faults/restart-scenario.ts
 *
 * Environment: CLUSTER (JSON ClusterPlace), TENANT, USER, ALUNOS (comma list),
 * ROWS (import size). Prints one JSON event per line on stdout.
 */
import { GET as health } from "@/app/api/health/route";
import { openPostgres, useDbHandle } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { checkInadimplencia } from "@/lib/inadimplencia/check";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { sha256Hex } from "@/lib/inadimplencia/import/load-file";
import postgres from "postgres";
import { attachPrivateCluster } from "./private-cluster";

const cluster = attachPrivateCluster(JSON.parse(process.env.CLUSTER!));
const session: TenantSession = { tenantId: process.env.TENANT!, userId: process.env.USER_ID!, roles: ["financeiro", "secretaria"] };
const alunoIds = process.env.ALUNOS!.split(",");
const rows = Number(process.env.ROWS ?? 30_000);
const emit = (event: Record<string, unknown>) => process.stdout.write(JSON.stringify(event) + "\n");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

useDbHandle(openPostgres(cluster.url("app"), 4));

const lines = ["codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim"];
for (let i = 0; i < rows; i++) lines.push(`queda-${i};Aluno queda ${i};Responsável ${i};Centro;${1 + (i % 12)}`);
const bytes = new TextEncoder().encode(lines.join("\n") + "\n");

const request = () => withTenant(session, (tx) => checkInadimplencia(tx, alunoIds)).then((m) => m.size === alunoIds.length, () => false);
const healthNow = async () => { const r = await health(); return { code: r.status, ...((await r.json()) as object) }; };

let streaming = true;
const counts = { requests: 0, failed: 0 };
const stream = (async () => {
  while (streaming) {
    counts.requests++;
    if (!(await request())) counts.failed++;
    await sleep(20);
  }
})();

emit({ stage: "healthBefore", ...(await healthNow()) });
await sleep(1000);
const importing = commitImport(session, { name: "queda.csv", bytes }, { mode: "upsert", expectedSha256: sha256Hex(bytes) })
  .then((r) => ({ committed: r.ok }), (e: unknown) => ({ committed: false, error: String(e) }));

// Stop the server while the import's transaction is writing.
const watcher = postgres(cluster.url("app"), { max: 1, onnotice: () => {} });
for (let i = 0; i < 400; i++) {
  const [r] = await watcher`select count(*)::int as n from pg_stat_activity where datname = 'app'
    and pid <> pg_backend_pid() and state = 'active' and query ilike '%inadimplentes%' and query not ilike '%check_inadimplencia%'`;
  if (r.n > 0) break;
  await sleep(25);
}
await watcher.end();
emit({ stage: "stopping", before: { ...counts } });
cluster.stop();
emit({ stage: "healthDuring", ...(await healthNow()) });
emit({ stage: "import", ...(await importing) });
await sleep(500);
cluster.start();
const startedAt = Date.now();
emit({ stage: "started" });

let streak = 0;
while (streak < 10 && Date.now() - startedAt < 30_000) {
  streak = (await request()) ? streak + 1 : 0;
  await sleep(20);
}
emit({ stage: "recovered", ok: streak >= 10, ms: Date.now() - startedAt });
emit({ stage: "healthAfter", ...(await healthNow()) });
streaming = false;
await stream;
emit({ stage: "done", ...counts });
process.exit(0);

import { withTenant } from "@/db/tenant";
import type { TenantSession } from "@/lib/auth/permissions";
import { saveFlags } from "@/lib/config/flags-admin";
import { AppError } from "@/lib/errors";
import { createInadimplente, updateInadimplente } from "@/lib/inadimplencia/admin";
import { checkInadimplencia } from "@/lib/inadimplencia/check";
import { DEFAULT_FLAGS } from "@/lib/inadimplencia/flags";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { sha256Hex } from "@/lib/inadimplencia/import/load-file";
import { listInadimplentes } from "@/lib/inadimplencia/list";
import { DEFAULT_LIST_QUERY } from "@/lib/inadimplencia/list-query";
import { finalizeRematricula } from "@/lib/rematricula/finalize";

/** One school under load: who acts, its students, and which of them the list blocks. */
export interface SoakSchool {
  slug: string;
  finance: TenantSession;
  secretaria: TenantSession;
  admin: TenantSession;
  alunos: string[];
  blocked: Set<string>;
}

/**
 * What the operations that succeeded imply for the database, per school. The
 * verification compares it with the rows and audit rows actually there.
 */
export interface Ledger {
  listRows: number;
  listAudit: number;
  batches: number;
  rematriculas: Set<string>;
  blockedAttempts: number;
  configAudit: number;
  manual: { id: string; meses: number }[];
}

export const newLedger = (): Ledger => ({
  listRows: 0, listAudit: 0, batches: 0, rematriculas: new Set(), blockedAttempts: 0, configAudit: 0, manual: [],
});

export type Outcome = "ok" | "expected" | "unexpected";
export type Op = (s: SoakSchool, l: Ledger, n: number) => Promise<Outcome>;

/** Refusals the product promises under concurrency; anything else is a failure. */
const EXPECTED: Record<string, string[]> = {
  import: ["CONFLICT"],
  finalize: ["INADIMPLENCIA_BLOQUEADA"],
};

export function classify(op: string, e: unknown): Outcome {
  return e instanceof AppError && EXPECTED[op]?.includes(e.code) ? "expected" : "unexpected";
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
const HOSTILE = ["", "a", "%", "_", "Silva", "'; drop table alunos;--", "<script>x</script>", "ção", "x".repeat(2000)];

export const OPS: Record<string, Op> = {
  async search(s) {
    await listInadimplentes(s.finance, { ...DEFAULT_LIST_QUERY, q: pick(HOSTILE), page: 1 + Math.floor(Math.random() * 3) });
    return "ok";
  },

  async check(s) {
    const ids = Array.from({ length: 20 }, () => pick(s.alunos));
    const result = await withTenant(s.secretaria, (tx) => checkInadimplencia(tx, ids));
    // A wrong answer is the worst failure of all: a debtor let through or a payer blocked.
    for (const id of ids) if (result.get(id)?.isInadimplente !== s.blocked.has(id)) return "unexpected";
    return "ok";
  },

  async finalize(s, l) {
    const id = pick(s.alunos);
    try {
      const r = await finalizeRematricula(s.secretaria, id);
      if (s.blocked.has(id)) return "unexpected";
      l.rematriculas.add(r.rematriculaId);
      return "ok";
    } catch (e) {
      if (e instanceof AppError && e.code === "INADIMPLENCIA_BLOQUEADA" && s.blocked.has(id)) {
        l.blockedAttempts++;
        return "expected";
      }
      throw e;
    }
  },

  async import(s, l, n) {
    const lines = ["codigo_inadim;student_name;guardian1_name;student_escola;meses_inadim"];
    // New names each time, and half of the previous file's names again with other months.
    for (let i = 0; i < 40; i++) lines.push(`SOAK-${n}-${i};Devedor Soak ${s.slug} ${n} ${i};Resp ${i};Centro;${1 + (n % 12)}`);
    for (let i = 0; i < 20; i++) lines.push(`SOAK-${n - 1}-${i};Devedor Soak ${s.slug} ${n - 1} ${i};Resp ${i};Centro;${1 + ((n + 5) % 12)}`);
    const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
    const r = await commitImport(s.finance, { name: `soak-${n}.csv`, bytes }, { mode: "upsert", expectedSha256: sha256Hex(bytes) });
    if (!r.ok) return "unexpected";
    l.batches++;
    l.listRows += r.counts.inserted;
    l.listAudit += r.counts.inserted + r.counts.updated + r.counts.deactivated;
    return "ok";
  },

  async adminEdit(s, l, n) {
    if (l.manual.length && Math.random() < 0.5) {
      const row = pick(l.manual);
      row.meses = (row.meses % 24) + 1;
      await updateInadimplente(s.finance, row.id, {
        codigoInadim: null, studentName: `Manual Soak ${s.slug} ${row.id.slice(0, 8)}`, guardian1Name: null,
        studentEscola: null, mesesInadim: row.meses,
      });
      l.listAudit++;
      return "ok";
    }
    const created = await createInadimplente(s.finance, {
      codigoInadim: null, studentName: `Manual Soak ${s.slug} ${n}`, guardian1Name: null, studentEscola: null, mesesInadim: 1,
      codigoAluno: null,
    });
    if (!created.created) return "unexpected";
    // The update above renames it to a name derived from its id, which stays unique.
    l.manual.push({ id: created.id, meses: 1 });
    await updateInadimplente(s.finance, created.id, {
      codigoInadim: null, studentName: `Manual Soak ${s.slug} ${created.id.slice(0, 8)}`, guardian1Name: null,
      studentEscola: null, mesesInadim: 1,
    });
    l.listRows++;
    l.listAudit += 2;
    return "ok";
  },

  async config(s, l, n) {
    const changed = await saveFlags(s.admin, {
      ...DEFAULT_FLAGS, enabled: true, enforcementServerEnabled: true, bannerMessage: `Verificar situação com a Tesouraria (${n % 7})`,
    });
    l.configAudit += changed.length;
    return "ok";
  },
};

/** How often each operation runs, roughly as a campaign day mixes them. */
export const MIX: [string, number][] = [["search", 30], ["check", 30], ["finalize", 20], ["adminEdit", 10], ["import", 5], ["config", 5]];

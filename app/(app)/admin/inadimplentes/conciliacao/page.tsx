import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { FINDING_LABELS, FINDINGS, matchReport, parseFinding, REPORT_LIMIT } from "@/lib/inadimplencia/match-report";
import { FindingRows } from "./_components/finding-rows";
import { FindingStudents } from "./_components/finding-students";

export const metadata: Metadata = { title: "Conciliação com os alunos" };

/**
 * The match report (issue 16): the daily watch on false positives and
 * negatives of the block. Each finding is a filter, with its count and the
 * action that settles it beside each item.
 */
export default async function ConciliacaoPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage("inadimplentes.read");
  const finding = parseFinding((await searchParams).filtro);
  const report = await matchReport(ctx.session, finding);
  const writer = can(ctx.roles, "inadimplentes.write");
  const shown = finding === "so_nome" ? report.students.length : report.rows.length;
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Conciliação com os alunos</h1>
        <p className="text-sm text-slate-700">
          Como a lista ativa se liga aos alunos da escola, pela mesma regra que bloqueia a rematrícula. Um registro
          vinculado bloqueia só o seu aluno; um registro sem vínculo bloqueia todos os alunos com o mesmo nome.
        </p>
      </div>
      <nav aria-label="Filtros da conciliação">
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {FINDINGS.map((f) => (
            <li key={f}>
              <Link href={`/admin/inadimplentes/conciliacao?filtro=${f}`} aria-current={f === finding ? "page" : undefined}
                className={`block h-full rounded border p-3 ${f === finding
                  ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-50"}`}>
                <span className="block text-2xl font-semibold" data-testid={`conciliacao-${f}`}>{report.counts[f]}</span>
                <span className="block text-sm">{FINDING_LABELS[f]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="achados-titulo" className="space-y-3">
        <h2 id="achados-titulo" className="text-lg font-semibold">{FINDING_LABELS[finding]}</h2>
        {report.counts[finding] > shown && (
          <p className="text-sm text-slate-700">Mostrando os primeiros {REPORT_LIMIT} de {report.counts[finding]}.</p>
        )}
        {finding === "so_nome"
          ? <FindingStudents students={report.students} writer={writer} />
          : <FindingRows finding={finding} rows={report.rows} writer={writer} />}
      </section>
    </section>
  );
}

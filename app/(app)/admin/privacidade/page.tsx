import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/context";
import { listAlunos } from "@/lib/people/alunos";
import { PURGED_LABEL, recentPurges, type PurgedKind } from "@/lib/privacy/purge-history";
import { OUTCOME_LABEL, recentRequests, REQUEST_LABEL } from "@/lib/privacy/requests";
import { isRetentionKind, PREVIEW_LABEL, RETENTION, retentionPreview } from "@/lib/privacy/retention";
import { REFUSAL } from "@/lib/privacy/anonymize";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { RetentionForm } from "./_components/retention-form";

export const metadata: Metadata = { title: "Privacidade" };

const DATE_TIME = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short", timeZone: "America/Sao_Paulo" });
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const TH = "px-3 py-2 font-medium";
const TD = "px-3 py-2";

/** Retention of personal data, the purge's preview and history, and families' requests (LGPD). */
export default async function PrivacidadePage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const ctx = await requirePage("config");
  const q = one((await searchParams).q).replace(/\0/g, "").slice(0, 100).trim();
  const [preview, runs, requests, found] = await Promise.all([
    retentionPreview(ctx.session), recentPurges(ctx.session), recentRequests(ctx.session),
    q ? listAlunos(ctx.session, { q }) : Promise.resolve(null),
  ]);
  const fields = preview.flatMap((p) => (isRetentionKind(p.kind) && p.months !== null
    ? [{ kind: p.kind, months: p.months, ...RETENTION[p.kind] }] : []));
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Privacidade</h1>
        <p className="text-sm text-slate-600">
          Por quanto tempo {ctx.tenant.name} guarda dados pessoais e como atender o pedido de uma família (LGPD). A limpeza
          roda sozinha uma vez por dia: anonimiza os registros que passaram do prazo e mantém as contagens, para que
          estatísticas e tendências continuem iguais. Detalhes em docs/privacidade.md.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="prazos" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="prazos" className="mb-3 text-lg font-semibold">Prazos de guarda</h2>
          <RetentionForm fields={fields} />
        </section>
        <section aria-labelledby="previa" className="space-y-3">
          <h2 id="previa" className="text-lg font-semibold">Próxima limpeza</h2>
          <ScrollRegion label="Prévia da próxima limpeza" className="rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="purge-preview">
              <caption className="sr-only">O que a próxima limpeza vai anonimizar ou apagar</caption>
              <thead className="bg-slate-100">
                <tr><th scope="col" className={TH}>Dados</th><th scope="col" className={TH}>Prazo</th>
                  <th scope="col" className={TH}>Na próxima limpeza</th></tr>
              </thead>
              <tbody>
                {preview.map((p) => (
                  <tr key={p.kind} className="border-t border-slate-100" data-kind={p.kind}>
                    <td className={TD}>{PREVIEW_LABEL[p.kind]}</td>
                    <td className={TD}>{p.months === null ? "30 dias após expirar" : `${p.months} meses`}</td>
                    <td className={`${TD} text-right`}>{p.due}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <h3 className="font-medium">Últimas limpezas</h3>
          {runs.length === 0 ? <p className="text-sm text-slate-600">Nenhuma limpeza registrada ainda.</p> : (
            <ul className="space-y-1 text-sm">
              {runs.map((r) => (
                <li key={r.at.toISOString()}>
                  {DATE_TIME.format(r.at)}: {Object.entries(PURGED_LABEL)
                    .map(([k, label]) => `${r.counts[k as PurgedKind] ?? 0} ${label}`).join(", ")}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section aria-labelledby="pedidos" className="space-y-3">
        <h2 id="pedidos" className="text-lg font-semibold">Pedido de uma família</h2>
        <p className="text-sm text-slate-600">
          Busque o aluno para ver, imprimir ou baixar tudo o que a escola guarda sobre ele e seu responsável. Cada consulta
          fica registrada. Correções são feitas no cadastro do aluno.
        </p>
        <form role="search" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="q" className="block text-sm font-medium">Nome, responsável, CPF ou matrícula</label>
            <input id="q" name="q" defaultValue={q} maxLength={100} className="mt-1 rounded border border-slate-400 px-3 py-2" />
          </div>
          <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">Buscar aluno</button>
        </form>
        {found && (found.rows.length === 0 ? <p className="text-sm">Nenhum aluno encontrado.</p> : (
          <ul className="space-y-1" aria-label="Alunos encontrados">
            {found.rows.map((a) => (
              <li key={a.id}>
                <Link href={`/admin/privacidade/alunos/${a.id}`} className="text-blue-800 underline">
                  Dados de {a.nome}
                </Link>{" "}
                <span className="text-sm text-slate-600">({a.responsavelNome ?? "sem responsável"}; {a.unidade ?? "sem unidade"})</span>
              </li>
            ))}
          </ul>
        ))}
        <ScrollRegion label="Pedidos recentes" className="rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Pedidos recentes das famílias</caption>
            <thead className="bg-slate-100">
              <tr>{["Quando", "Aluno", "Pedido", "Resultado", "Quem atendeu"].map((h) => <th key={h} scope="col" className={TH}>{h}</th>)}</tr>
            </thead>
            <tbody>
              {requests.length === 0 && <tr><td colSpan={5} className={TD}>Nenhum pedido registrado.</td></tr>}
              {requests.map((r, i) => (
                <tr key={i} className="border-t border-slate-100">
                  <td className={`${TD} whitespace-nowrap`}>{DATE_TIME.format(r.at)}</td>
                  <td className={TD}>{r.alunoNome}</td>
                  <td className={TD}>{REQUEST_LABEL[r.kind]}</td>
                  <td className={TD}>{OUTCOME_LABEL[r.outcome]}{r.reason ? `: ${REFUSAL[r.reason] ?? r.reason}` : ""}</td>
                  <td className={TD}>{r.actorName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </section>
  );
}

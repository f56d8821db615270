import Link from "next/link";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { ActionButton } from "@/app/(app)/admin/_components/action-form";
import type { Finding, ReportRow } from "@/lib/inadimplencia/match-report";
import { linkAction, unlinkAction } from "../../actions";
import { AlunoLine } from "../../_components/aluno-line";
import { UNLINK_CONFIRM } from "@/app/(app)/admin/inadimplentes/_components/unlink-confirm";

const EMPTY: Record<Exclude<Finding, "so_nome">, string> = {
  sem_aluno: "Todo registro ativo corresponde a algum aluno.",
  homonimos: "Nenhum registro sem vínculo corresponde a mais de um aluno.",
  vinculo_inativo: "Nenhum registro ativo está vinculado a um aluno que não esteja ativo.",
};

/** The list rows of a finding, each with the students it matches and the action that settles it. */
export function FindingRows({ finding, rows, writer }: {
  finding: Exclude<Finding, "so_nome">; rows: ReportRow[]; writer: boolean;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">{EMPTY[finding]}</p>;
  return (
    <ScrollRegion label="Registros da lista" className="rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Registros da lista</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Registro</th>
            <th scope="col" className="px-3 py-2 font-medium">Responsável</th>
            <th scope="col" className="px-3 py-2 font-medium">Unidade</th>
            <th scope="col" className="px-3 py-2 font-medium">Código do aluno</th>
            <th scope="col" className="px-3 py-2 font-medium">{finding === "sem_aluno" ? "Ação" : "Alunos"}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2">
                <Link href={`/admin/inadimplentes/${r.id}`} className="font-medium text-blue-800 underline">{r.studentName}</Link>
                {r.codigoInadim && <span className="block text-xs text-slate-700">código {r.codigoInadim}</span>}
              </td>
              <td className="px-3 py-2">{r.guardian1Name ?? "—"}</td>
              <td className="px-3 py-2">{r.studentEscola ?? "—"}</td>
              <td className="px-3 py-2">{r.codigoAluno ?? "—"}</td>
              <td className="px-3 py-2">
                {finding === "sem_aluno" && writer && (
                  <Link href={`/admin/inadimplentes/${r.id}?busca=${encodeURIComponent(r.studentName.slice(0, 100))}#vinculo`}
                    className="text-blue-800 underline">Vincular a um aluno</Link>
                )}
                {finding !== "sem_aluno" && (
                  <ul className="space-y-2">
                    {r.alunos.map((a) => (
                      <li key={a.id} className="flex flex-wrap items-center gap-2">
                        <AlunoLine aluno={a} />
                        {writer && finding === "homonimos" && (
                          <ActionButton action={linkAction} fields={{ id: r.id, alunoId: a.id }} label="Vincular" />
                        )}
                        {writer && finding === "vinculo_inativo" && (
                          <>
                            <Link href={`/admin/inadimplentes/${r.id}#vinculo`} className="text-blue-800 underline">Alterar</Link>
                            <ActionButton action={unlinkAction} fields={{ id: r.id }} label="Remover vínculo"
                              confirm={UNLINK_CONFIRM} />
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

import Link from "next/link";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { ActionButton } from "@/app/(app)/admin/_components/action-form";
import type { ReportStudent } from "@/lib/inadimplencia/match-report";
import { linkAction } from "../../actions";
import { AlunoLine } from "../../_components/aluno-line";

/**
 * Students blocked only by a name: link the row to the student it is about (then
 * it stops blocking the homonyms), or grant the student a liberação.
 */
export function FindingStudents({ students, writer }: { students: ReportStudent[]; writer: boolean }) {
  if (students.length === 0) {
    return <p className="text-sm text-slate-700">Nenhum aluno ativo está bloqueado apenas pelo nome.</p>;
  }
  return (
    <ScrollRegion label="Alunos bloqueados apenas pelo nome" className="rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Alunos bloqueados apenas pelo nome</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Aluno</th>
            <th scope="col" className="px-3 py-2 font-medium">Registro(s) que o bloqueiam</th>
            {writer && <th scope="col" className="px-3 py-2 font-medium">Liberação</th>}
          </tr>
        </thead>
        <tbody>
          {students.map((s) => (
            <tr key={s.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2"><AlunoLine aluno={s} /></td>
              <td className="px-3 py-2">
                <ul className="space-y-2">
                  {s.rows.map((r) => (
                    <li key={r.id} className="flex flex-wrap items-center gap-2">
                      <Link href={`/admin/inadimplentes/${r.id}`} className="text-blue-800 underline">
                        {r.studentName}{r.codigoInadim ? ` (código ${r.codigoInadim})` : ""}
                      </Link>
                      {writer && <ActionButton action={linkAction} fields={{ id: r.id, alunoId: s.id }} label="Vincular a este aluno" />}
                    </li>
                  ))}
                </ul>
              </td>
              {writer && (
                <td className="px-3 py-2">
                  <Link href={`/admin/liberacoes?q=${encodeURIComponent(s.matricula ?? s.nome)}`}
                    className="text-blue-800 underline">Conceder liberação</Link>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

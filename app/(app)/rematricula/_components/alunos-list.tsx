import Link from "next/link";
import type { CampaignRow } from "@/lib/rematricula/campaign";
import { Acao, Situacao, turmaAtual } from "./situacao";

const count = (n: number) => (n === 1 ? "1 aluno" : `${n} alunos`);

interface Props {
  rows: CampaignRow[];
  total: number;
  filtered: boolean;
  bannerMessage: string;
}

/** Every name opens the student's page, blocked or not: the guardian's contact is there. */
function AlunoLink({ aluno }: { aluno: CampaignRow }) {
  return <Link href={`/rematricula/${aluno.id}`} className="text-blue-800 underline-offset-2 hover:underline">{aluno.nome}</Link>;
}

/** On a phone each student is a card with everything visible; from md up, a table. */
function Cards({ rows, bannerMessage }: Omit<Props, "total" | "filtered">) {
  return (
    <ul className="space-y-2 md:hidden" aria-label="Alunos">
      {rows.map((a) => (
        <li key={a.id} className="rounded border border-slate-200 bg-white p-3" data-testid="aluno-card">
          <p className="font-medium break-words"><AlunoLink aluno={a} /></p>
          {a.matricula && <p className="text-sm text-slate-700">Matrícula {a.matricula}</p>}
          <p className="text-sm break-words text-slate-700">{turmaAtual(a)}</p>
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
            <Situacao aluno={a} />
            <Acao aluno={a} bannerMessage={bannerMessage} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function AlunosList({ rows, total, filtered, bannerMessage }: Props) {
  if (rows.length === 0) {
    return (
      <p className="rounded border border-slate-200 bg-white p-6 text-center text-slate-700">
        {filtered ? "Nenhum aluno encontrado com estes filtros." : "Nenhum aluno cadastrado nesta escola."}
      </p>
    );
  }
  return (
    <>
      <Cards rows={rows} bannerMessage={bannerMessage} />
      <div className="hidden rounded border border-slate-200 bg-white md:block">
        <table className="w-full text-left text-sm">
          <caption className="px-4 py-3 text-left text-slate-700">
            {filtered ? `Alunos do filtro: ${count(total)}` : `Alunos da escola: ${count(total)}`}
          </caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-800">
            <tr>
              <th scope="col" className="px-4 py-2 font-semibold">Matrícula</th>
              <th scope="col" className="px-4 py-2 font-semibold">Aluno</th>
              <th scope="col" className="px-4 py-2 font-semibold">Responsável</th>
              <th scope="col" className="px-4 py-2 font-semibold">Turma atual</th>
              <th scope="col" className="px-4 py-2 font-semibold">Situação</th>
              <th scope="col" className="px-4 py-2 font-semibold">Ação</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} className="border-b border-slate-100 last:border-0">
                <td className="px-4 py-2 tabular-nums">{a.matricula ?? "—"}</td>
                <th scope="row" className="px-4 py-2 font-medium"><AlunoLink aluno={a} /></th>
                <td className="px-4 py-2">{a.responsavelNome ?? "—"}</td>
                <td className="px-4 py-2">{turmaAtual(a)}</td>
                <td className="px-4 py-2"><Situacao aluno={a} /></td>
                <td className="px-4 py-2"><Acao aluno={a} bannerMessage={bannerMessage} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

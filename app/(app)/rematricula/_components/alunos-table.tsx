import Link from "next/link";
import type { AlunoRow } from "@/lib/rematricula/students";
import { Badge } from "./badge";
import { BlockedStart } from "./blocked-start";

const count = (n: number) => (n === 1 ? "1 aluno" : `${n} alunos`);

function turmaAtual(a: AlunoRow): string {
  return [a.serie, a.turma && `Turma ${a.turma}`].filter(Boolean).join(" · ") || "—";
}

function Situacao({ aluno }: { aluno: AlunoRow }) {
  const done = !!aluno.rematricula;
  const delinquent = aluno.check.isInadimplente;
  if (!done && !delinquent) return <span className="text-sm text-slate-700">Pendente</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {done && <Badge tone="success">Rematriculado</Badge>}
      {delinquent && <Badge tone="danger">Inadimplente</Badge>}
    </span>
  );
}

function Acao({ aluno, bannerMessage }: { aluno: AlunoRow; bannerMessage: string }) {
  if (aluno.rematricula) {
    return (
      <Link href={`/rematricula/${aluno.id}`} aria-label={`Ver rematrícula de ${aluno.nome}`}
        className="text-sm text-blue-800 underline">Ver</Link>
    );
  }
  if (aluno.check.isInadimplente) return <BlockedStart alunoNome={aluno.nome} message={bannerMessage} />;
  return (
    <Link href={`/rematricula/${aluno.id}`} aria-label={`Iniciar rematrícula de ${aluno.nome}`}
      className="inline-block rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800">
      Iniciar
    </Link>
  );
}

interface Props {
  rows: AlunoRow[];
  total: number;
  q: string;
  bannerMessage: string;
}

export function AlunosTable({ rows, total, q, bannerMessage }: Props) {
  if (rows.length === 0) {
    return (
      <p className="rounded border border-slate-200 bg-white p-6 text-center text-slate-700">
        {q ? `Nenhum aluno ou responsável encontrado para “${q}”.` : "Nenhum aluno cadastrado nesta escola."}
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="px-4 py-3 text-left text-slate-700">
          {q ? `Busca por “${q}”: ${count(total)}` : `Alunos da escola: ${count(total)}`}
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-800">
          <tr>
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
              <th scope="row" className="px-4 py-2 font-medium">{a.nome}</th>
              <td className="px-4 py-2">{a.responsavelNome ?? "—"}</td>
              <td className="px-4 py-2">{turmaAtual(a)}</td>
              <td className="px-4 py-2"><Situacao aluno={a} /></td>
              <td className="px-4 py-2"><Acao aluno={a} bannerMessage={bannerMessage} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

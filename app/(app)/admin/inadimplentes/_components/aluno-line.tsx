import type { AlunoRef } from "@/lib/inadimplencia/link";

/** One student as the linking screens name them: name, matrícula, class, and a status other than ativo. */
export function AlunoLine({ aluno }: { aluno: AlunoRef }) {
  const details = [
    aluno.matricula && `matrícula ${aluno.matricula}`,
    [aluno.serie, aluno.turma && `turma ${aluno.turma}`, aluno.unidade].filter(Boolean).join(" · "),
    aluno.status !== "ativo" && aluno.status,
  ].filter(Boolean);
  return (
    <span>
      <strong className="font-medium">{aluno.nome}</strong>
      {details.length > 0 && <span className="text-slate-700"> ({details.join(", ")})</span>}
    </span>
  );
}

import { PageMessage } from "../../../_components/page-message";

/** A mistyped or outdated student link: the front desk goes back to the list and searches. */
export default function AlunoNotFound() {
  return (
    <PageMessage title="Aluno não encontrado" links={[{ href: "/rematricula", label: "Voltar à lista de alunos" }]}>
      <p>
        Não há aluno com este endereço nesta escola. O link pode estar incompleto ou ser de outra escola: procure o
        aluno pelo nome ou pela matrícula na lista.
      </p>
    </PageMessage>
  );
}

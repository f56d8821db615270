import { PageMessage } from "../_components/page-message";

/** A record that does not exist, or belongs to another school: both look the same. */
export default function NotFound() {
  return (
    <PageMessage title="Não encontrado" links={[{ href: "/", label: "Voltar ao início" }]}>
      <p>O registro procurado não existe nesta escola. Confira o link ou volte ao início.</p>
    </PageMessage>
  );
}

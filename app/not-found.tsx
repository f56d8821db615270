import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/context";
import { Header } from "./(app)/_components/header";
import { PageMessage } from "./_components/page-message";

export const metadata: Metadata = { title: "Página não encontrada" };

/**
 * An address that matches no page. Signed in, it keeps the header (the school,
 * the menu and "Sair"), so the way back is where it always is.
 */
export default async function NotFound() {
  const ctx = await getPageContext();
  const message = (
    <PageMessage
      title="Página não encontrada"
      links={ctx ? [{ href: "/", label: "Voltar ao início" }] : [{ href: "/login", label: "Entrar" }]}
    >
      <p>O endereço não corresponde a nenhuma página. Confira o link ou volte ao início.</p>
    </PageMessage>
  );
  return (
    <>
      {ctx && <Header ctx={ctx} />}
      <main className="mx-auto max-w-6xl px-4 py-6">{message}</main>
    </>
  );
}

"use client";

import { PageMessage } from "../_components/page-message";

/**
 * An unexpected failure inside a signed-in page. The header stays (it belongs
 * to the layout), and the message never shows the error's text, which may
 * carry internals; the digest lets support find it in the server log.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageMessage title="Algo deu errado" links={[{ href: "/", label: "Voltar ao início" }]}>
      <p>Não foi possível mostrar esta página agora. Tente de novo; se continuar, avise o suporte.</p>
      {error.digest && <p className="mt-2 text-sm">Código do erro: {error.digest}</p>}
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
      >
        Tentar de novo
      </button>
    </PageMessage>
  );
}

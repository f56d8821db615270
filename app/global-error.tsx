"use client";

import "./globals.css";

/** A failure of the root layout itself: this page replaces it, so it brings its own html and body. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="pt-BR">
      <body className="min-h-screen font-sans">
        <main className="mx-auto max-w-xl px-4 py-10">
          <h1 className="mb-2 text-xl font-semibold">Algo deu errado</h1>
          <p className="text-slate-700">O sistema não conseguiu abrir esta página. Tente de novo em instantes.</p>
          {error.digest && <p className="mt-2 text-sm text-slate-700">Código do erro: {error.digest}</p>}
          {/* A plain link: the client router may be what failed. */}
          <a href="/" className="mt-4 inline-block font-medium text-blue-800 underline">Voltar ao início</a>
        </main>
      </body>
    </html>
  );
}

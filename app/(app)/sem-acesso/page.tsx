import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sem acesso" };

export default function SemAcessoPage() {
  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">Sem acesso</h1>
      <p className="text-slate-700">
        Seu perfil nesta escola não dá acesso às telas da equipe. Se você precisa de acesso, fale com a
        administração da escola.
      </p>
    </section>
  );
}

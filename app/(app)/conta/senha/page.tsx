import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPageContext } from "@/lib/auth/context";
import { logoutEverywhere } from "../../actions";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Alterar senha" };

// Every signed-in user may change their password, whatever their roles; with a
// temporary password it is the only page they can use.
export default async function SenhaPage() {
  const ctx = await getPageContext();
  if (!ctx) redirect("/login");
  return (
    <section className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">Alterar senha</h1>
      {ctx.mustChangePassword && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Você entrou com uma senha temporária. Escolha uma nova senha para continuar.
        </p>
      )}
      <PasswordForm />
      <section aria-labelledby="sessions-title" className="space-y-2 rounded border border-slate-200 bg-white p-4">
        <h2 id="sessions-title" className="text-lg font-semibold">Sessões</h2>
        <p className="text-sm text-slate-700">
          Encerra o acesso em todos os navegadores e aparelhos onde você entrou, inclusive este.
        </p>
        <form action={logoutEverywhere}>
          <button type="submit" className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">
            Sair em todos os dispositivos
          </button>
        </form>
      </section>
    </section>
  );
}

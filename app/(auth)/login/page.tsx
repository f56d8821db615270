import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback";
import { getPageContext } from "@/lib/auth/context";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Entrar" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  // A deep link survives sign-in, but only as a path of this site.
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl) ?? undefined;
  // Only a session that still exists on the server: an ended one stays here
  // (the home page would send it straight back).
  if (await getPageContext()) redirect(callbackUrl ?? "/");
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Rematrícula</h1>
        <p className="mb-6 text-sm text-slate-600">Entre com seu e-mail e senha da escola.</p>
        <LoginForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}

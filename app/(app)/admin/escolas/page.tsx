import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { listTenants } from "@/lib/people/tenants";
import { TenantForm } from "./tenant-form";

export const metadata: Metadata = { title: "Escolas" };

export default async function EscolasPage() {
  const ctx = await requirePage("tenants.create");
  const tenants = await listTenants(ctx.session);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Escolas</h1>
      <TenantForm />
      <ul className="list-inside list-disc text-sm">
        {tenants.map((t) => <li key={t.id}>{t.name} <span className="text-slate-600">(identificador: {t.slug})</span></li>)}
      </ul>
    </section>
  );
}

import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { flagsForAdmin } from "@/lib/config/flags-admin";
import { rolloutPanel } from "@/lib/config/rollout";
import { FlagsAudit } from "./_components/flags-audit";
import { FlagsForm } from "./_components/flags-form";
import { RolloutPanel } from "./_components/rollout-panel";

export const metadata: Metadata = { title: "Configurações" };

export default async function ConfiguracoesPage() {
  const ctx = await requirePage("config");
  const [{ flags, audit }, panel] = await Promise.all([flagsForAdmin(ctx.session), rolloutPanel(ctx.session)]);
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Configurações</h1>
        <p className="text-sm text-slate-600">
          Configurações de {ctx.tenant.name}. Cada alteração fica registrada no histórico abaixo. A verificação, o
          bloqueio e as regras valem na hora em todos os servidores; a mensagem, em até o tempo de cache configurado.
        </p>
      </div>
      <RolloutPanel panel={panel} />
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4">
        <FlagsForm flags={flags} />
      </div>
      <section aria-labelledby="audit-title" className="space-y-3">
        <h2 id="audit-title" className="text-lg font-semibold">Histórico</h2>
        <FlagsAudit rows={audit} />
      </section>
    </section>
  );
}

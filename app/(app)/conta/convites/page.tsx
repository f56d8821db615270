import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPageContext } from "@/lib/auth/context";
import { listMyInvitations } from "@/lib/people/invitations";
import { ROLE_LABEL } from "@/lib/people/roles";
import { AnswerForm } from "./answer-form";

export const metadata: Metadata = { title: "Convites" };

const DATE = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeZone: "America/Sao_Paulo" });

// Every signed-in user may see their own invitations, whatever their roles: an
// invited person may have no school yet.
export default async function ConvitesPage() {
  const ctx = await getPageContext();
  if (!ctx) redirect("/login");
  const invitations = await listMyInvitations(ctx.userId);
  return (
    <section className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">Convites de escolas</h1>
      <p className="text-sm text-slate-700">
        Uma escola só passa a ver seus dados e você só ganha acesso a ela depois que você aceitar.
      </p>
      {invitations.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4 text-slate-700">Nenhum convite pendente.</p>
      ) : (
        <ul className="space-y-3">
          {invitations.map((i) => (
            <li key={i.id} className="rounded border border-slate-200 bg-white p-4" data-testid="invitation">
              <p>
                <strong>{i.tenantName}</strong> convidou você como <strong>{ROLE_LABEL[i.role]}</strong>
                {" "}em {DATE.format(i.createdAt)}.
              </p>
              <AnswerForm invitationId={i.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

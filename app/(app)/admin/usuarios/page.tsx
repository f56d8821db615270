import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { listPendingInvitations } from "@/lib/people/invitations";
import { listMembers } from "@/lib/people/members";
import { ASSIGNABLE_ROLES, ROLE_LABEL } from "@/lib/people/roles";
import { ActionButton } from "../_components/action-form";
import { addRoleAction, deactivateMemberAction, removeRoleAction, resetPasswordAction } from "./actions";
import { AddMemberForm } from "./add-member-form";
import { ScrollRegion } from "@/app/_components/scroll-region";

export const metadata: Metadata = { title: "Usuários" };

export default async function UsuariosPage() {
  const ctx = await requirePage("people");
  const [members, invitations] = await Promise.all([listMembers(ctx.session), listPendingInvitations(ctx.session)]);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Usuários da escola</h1>
      <AddMemberForm />
      <ScrollRegion label="Pessoas com acesso à escola" className="rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Pessoas com acesso à escola e seus papéis</caption>
          <thead className="bg-slate-100">
            <tr>
              {["Pessoa", "Papéis", "Ações"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const missing = ASSIGNABLE_ROLES.filter((r) => !m.roles.includes(r));
              const active = m.roles.length > 0;
              return (
                <tr key={m.userId} className="border-t border-slate-100 align-top" data-testid="member-row">
                  <td className="px-3 py-2">
                    {active ? (
                      <>
                        <div className="font-medium">{m.name}</div>
                        <div className="text-slate-600">{m.email}</div>
                      </>
                    ) : (
                      <div className="text-slate-600">Acesso desativado (dados ocultos)</div>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <ul className="space-y-1">
                      {m.roles.map((r) => (
                        <li key={r}>
                          <ActionButton action={removeRoleAction} fields={{ userId: m.userId, role: r }} label={`Remover ${ROLE_LABEL[r]}`}>
                            <span>{ROLE_LABEL[r]}</span>
                          </ActionButton>
                        </li>
                      ))}
                      {!active && <li className="text-slate-600">Sem papel ativo</li>}
                    </ul>
                  </td>
                  <td className="space-y-2 px-3 py-2">
                    {active && missing.length > 0 && <AddRole userId={m.userId} roles={missing} />}
                    {active && (
                      <div className="flex flex-wrap gap-2">
                        <ActionButton action={resetPasswordAction} fields={{ userId: m.userId }} label="Redefinir senha"
                          confirm="Gerar uma nova senha temporária para esta pessoa?" />
                        <ActionButton action={deactivateMemberAction} fields={{ userId: m.userId }} label="Desativar acesso"
                          confirm="Desativar o acesso desta pessoa à escola?" />
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {invitations.length > 0 && (
        <div className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold">Convites aguardando resposta</h2>
          <p className="mb-2 text-sm text-slate-600">A pessoa aparece na lista acima quando aceitar.</p>
          <ul className="space-y-1 text-sm" data-testid="pending-invitations">
            {invitations.map((i) => (
              <li key={`${i.email}-${i.role}`}>{i.email} — {ROLE_LABEL[i.role]} (desde {DATE.format(i.createdAt)})</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

const DATE = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeZone: "America/Sao_Paulo" });

function AddRole({ userId, roles }: { userId: string; roles: readonly string[] }) {
  const id = `add-role-${userId}`;
  return (
    <ActionButton action={addRoleAction} fields={{ userId }} label="Adicionar papel">
      <label htmlFor={id} className="sr-only">Papel a adicionar</label>
      <select id={id} name="role" className="rounded border border-slate-400 px-2 py-1 text-sm">
        {roles.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
      </select>
    </ActionButton>
  );
}

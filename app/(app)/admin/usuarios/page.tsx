import type { Metadata } from "next";
import type { Role } from "@/db/schema";
import { requirePage } from "@/lib/auth/context";
import { listPendingInvitations } from "@/lib/people/invitations";
import { listMembers, type Member } from "@/lib/people/members";
import { PICKER_ROLES, pickerLabel } from "@/lib/people/role-picker";
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
      <ScrollRegion label="Usuários com acesso à escola" className="rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Usuários da escola e seus papéis</caption>
          <thead className="bg-slate-100">
            <tr>
              {["Usuário", "Papéis", "Ações"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => <MemberRow key={m.userId} m={m} />)}
          </tbody>
        </table>
      </ScrollRegion>
      {invitations.length > 0 && (
        <div className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold">Convites aguardando resposta</h2>
          <p className="mb-2 text-sm text-slate-600">O usuário aparece na lista acima quando aceitar.</p>
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

function MemberRow({ m }: { m: Member }) {
  const missing = PICKER_ROLES.filter((r) => !m.roles.includes(r));
  const active = m.roles.length > 0;
  const who = m.name ?? m.email ?? "este usuário";
  return (
    <tr className="border-t border-slate-100 align-top" data-testid="member-row">
      <td className="px-3 py-2">
        {m.name || m.email ? (
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
          {m.roles.map((r) => <li key={r}><RoleItem m={m} role={r} who={who} /></li>)}
          {!active && (
            <li className="text-slate-700">
              <span className="font-medium">Sem papel</span>: não entra mais nesta escola. Para devolver o acesso,
              adicione o e-mail de novo acima (a pessoa recebe um convite).
            </li>
          )}
        </ul>
      </td>
      <td className="space-y-2 px-3 py-2">
        {active && missing.length > 0 && <AddRole userId={m.userId} roles={missing} />}
        {active && (
          <div className="flex flex-wrap gap-2">
            <ActionButton action={resetPasswordAction} fields={{ userId: m.userId }} label="Redefinir senha"
              ariaLabel={`Redefinir senha de ${who}`}
              confirm={{
                title: `Redefinir a senha de ${who}?`,
                body: "A senha atual deixa de valer agora e as sessões abertas são encerradas. Uma senha temporária aparece aqui uma única vez: entregue-a à pessoa, que deverá trocá-la ao entrar.",
                confirmLabel: "Redefinir senha",
              }} />
            <ActionButton action={deactivateMemberAction} fields={{ userId: m.userId }} label="Desativar acesso"
              ariaLabel={`Desativar acesso de ${who}`}
              confirm={{
                title: `Desativar o acesso de ${who}?`,
                body: `Todos os papéis (${m.roles.map((r) => ROLE_LABEL[r]).join(", ")}) são removidos e a pessoa deixa de entrar nesta escola no próximo acesso. Ela continua nesta lista como “sem papel”; para voltar, adicione o e-mail de novo (a pessoa recebe um convite).`,
                confirmLabel: "Desativar acesso",
              }} />
          </div>
        )}
      </td>
    </tr>
  );
}

function RoleItem({ m, role, who }: { m: Member; role: Role; who: string }) {
  if (!(ASSIGNABLE_ROLES as readonly string[]).includes(role)) {
    return <span>{ROLE_LABEL[role]} <span className="text-slate-600">(da plataforma; não é alterado aqui)</span></span>;
  }
  const last = m.roles.length === 1;
  return (
    <ActionButton action={removeRoleAction} fields={{ userId: m.userId, role }} label={`Remover ${ROLE_LABEL[role]}`}
      ariaLabel={`Remover papel ${ROLE_LABEL[role]} de ${who}`}
      confirm={last ? {
        title: `Remover o último papel de ${who}?`,
        body: `${ROLE_LABEL[role]} é o único papel de ${who} nesta escola: sem ele, a pessoa perde o acesso à escola no próximo acesso. Ela continua nesta lista como “sem papel”; para voltar, adicione o e-mail de novo (a pessoa recebe um convite).`,
        confirmLabel: "Remover o último papel",
      } : {
        title: `Remover o papel ${ROLE_LABEL[role]} de ${who}?`,
        body: `${who} continua com ${m.roles.filter((r) => r !== role).map((r) => ROLE_LABEL[r]).join(", ")} e perde só o que ${ROLE_LABEL[role]} dá acesso.`,
        confirmLabel: `Remover ${ROLE_LABEL[role]}`,
      }}>
      <span>{ROLE_LABEL[role]}</span>
    </ActionButton>
  );
}

function AddRole({ userId, roles }: { userId: string; roles: readonly Role[] }) {
  const id = `add-role-${userId}`;
  return (
    <ActionButton action={addRoleAction} fields={{ userId }} label="Adicionar papel">
      <label htmlFor={id} className="sr-only">Papel a adicionar</label>
      <select id={id} name="role" className="rounded border border-slate-400 px-2 py-1 text-sm">
        {roles.map((r) => <option key={r} value={r}>{pickerLabel(r)}</option>)}
      </select>
    </ActionButton>
  );
}

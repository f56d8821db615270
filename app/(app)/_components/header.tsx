import Link from "next/link";
import type { RequestContext } from "@/lib/auth/resolve";
import { can } from "@/lib/auth/permissions";
import { logout } from "../actions";
import { MainNav } from "./main-nav";
import { TenantSelector } from "./tenant-selector";

export function Header({ ctx }: { ctx: RequestContext }) {
  const links = [
    { href: "/rematricula", label: "Rematrícula", show: can(ctx.roles, "rematricula") },
    // Finance follows the campaign's counts without the rematrícula itself.
    { href: "/rematricula/progresso", label: "Campanha",
      show: !can(ctx.roles, "rematricula") && can(ctx.roles, "rematricula.progress") },
    { href: "/admin/inadimplentes", label: "Inadimplentes", show: can(ctx.roles, "inadimplentes.read"),
      also: ["/admin/estatisticas", "/admin/liberacoes"] },
    // Each of the admin's areas is a section of its own, not a tab hidden inside another one.
    { href: "/admin/alunos", label: "Alunos", show: can(ctx.roles, "people"), also: ["/admin/ano-letivo"] },
    // The front desk reaches the roster import and its history, not the rest of the students' area.
    { href: "/admin/alunos/importar", label: "Importar alunos", show: can(ctx.roles, "roster") && !can(ctx.roles, "people"),
      also: ["/admin/alunos/importacoes"] },
    { href: "/admin/usuarios", label: "Usuários", show: can(ctx.roles, "people"), also: ["/admin/exportacoes"] },
    { href: "/admin/configuracoes", label: "Configurações", show: can(ctx.roles, "config") },
    { href: "/admin/escolas", label: "Escolas", show: can(ctx.roles, "tenants.create") },
  ].filter((l) => l.show).map(({ href, label, also }) => ({ href, label, also }));
  return (
    <header className="bg-slate-900 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        {/* Wraps on a phone: an admin's school name and links do not fit 390 px in one line. */}
        <div className="flex min-w-0 flex-wrap items-center gap-x-6 gap-y-1">
          <span className="text-lg font-semibold" data-testid="school-name">{ctx.tenant?.name ?? "Rematrícula"}</span>
          <MainNav links={links} />
        </div>
        {/* Wraps too: the school selector and "Sair" must stay on the dark band on a phone. */}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          {ctx.tenant && ctx.tenants.length > 1 && <TenantSelector tenants={ctx.tenants} activeId={ctx.tenant.id} />}
          {ctx.pendingInvitations > 0 && (
            <Link href="/conta/convites" className="text-sm font-medium text-amber-200 hover:text-white hover:underline">
              Convites ({ctx.pendingInvitations})
            </Link>
          )}
          <span className="text-sm text-slate-200" data-testid="user-name">{ctx.userName}</span>
          <Link href="/conta/senha" className="text-sm text-slate-200 hover:text-white hover:underline">Alterar senha</Link>
          <form action={logout}>
            <button type="submit" className="rounded border border-slate-500 px-3 py-1 text-sm hover:bg-slate-800">Sair</button>
          </form>
        </div>
      </div>
    </header>
  );
}

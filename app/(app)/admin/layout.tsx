import { getPageContext } from "@/lib/auth/context";
import { can, type Capability } from "@/lib/auth/permissions";
import { AdminNav } from "./_components/admin-nav";

// Each area's tab, shown to the roles that may use it. Showing is convenience
// only: every page and action checks its own capability on the server.
const AREAS: { href: string; label: string; capability: Capability }[] = [
  { href: "/admin/inadimplentes", label: "Inadimplentes", capability: "inadimplentes.read" },
  { href: "/admin/inadimplentes/importar", label: "Importar CSV", capability: "inadimplentes.write" },
  { href: "/admin/inadimplentes/importacoes", label: "Importações", capability: "inadimplentes.read" },
  { href: "/admin/inadimplentes/conciliacao", label: "Conciliação", capability: "inadimplentes.read" },
  { href: "/admin/estatisticas", label: "Estatísticas", capability: "inadimplentes.read" },
  { href: "/admin/liberacoes", label: "Liberações", capability: "inadimplentes.read" },
  { href: "/admin/configuracoes", label: "Configurações", capability: "config" },
  { href: "/admin/usuarios", label: "Usuários", capability: "people" },
  { href: "/admin/alunos", label: "Alunos", capability: "people" },
  { href: "/admin/alunos/importar", label: "Importar alunos", capability: "roster" },
  { href: "/admin/ano-letivo", label: "Ano letivo", capability: "people" },
  { href: "/admin/exportacoes", label: "Exportações", capability: "audit" },
  { href: "/admin/privacidade", label: "Privacidade", capability: "config" },
  { href: "/admin/escolas", label: "Escolas", capability: "tenants.create" },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const ctx = await getPageContext();
  const links = AREAS.filter((a) => ctx && can(ctx.roles, a.capability)).map(({ href, label }) => ({ href, label }));
  return (
    <>
      {links.length > 1 && <AdminNav links={links} />}
      {children}
    </>
  );
}

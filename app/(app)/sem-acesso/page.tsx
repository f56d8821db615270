import type { Metadata } from "next";
import type { Role } from "@/db/schema";
import { isCapability, rolesFor, type Capability } from "@/lib/auth/permissions";
import { ROLE_LABEL } from "@/lib/people/roles";

export const metadata: Metadata = { title: "Sem acesso" };

// What each capability opens, in the school's words, for "this page is …".
const PAGES: Record<Capability, string> = {
  rematricula: "a rematrícula dos alunos",
  "rematricula.cancel": "o cancelamento de rematrículas",
  "rematricula.progress": "o andamento da campanha",
  "inadimplentes.read": "a lista de inadimplentes, as liberações e as estatísticas",
  "inadimplentes.write": "a edição da lista de inadimplentes",
  config: "as configurações da escola",
  people: "os usuários e os alunos da escola",
  roster: "a importação de alunos",
  audit: "o registro de exportações",
  "tenants.create": "o cadastro de escolas",
};

function roleNames(roles: readonly Role[]): string {
  // The platform's own role is named only when it is the only one that opens the page.
  const school = roles.filter((r) => r !== "superadmin");
  const names = (school.length ? school : roles).map((r) =>
    r === "superadmin" ? "Superadmin (administração da plataforma)" : ROLE_LABEL[r]);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} ou ${names.at(-1)}` : names[0];
}

export default async function SemAcessoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { para } = await searchParams;
  const capability = typeof para === "string" && isCapability(para) ? para : null;
  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">Sem acesso</h1>
      {capability ? (
        <p className="text-slate-700" data-testid="sem-acesso-papeis">
          Esta página mostra {PAGES[capability]} e só abre para o papel {roleNames(rolesFor(capability))}. Seu
          perfil nesta escola não tem esse papel: se você precisa dele, fale com a administração da escola.
        </p>
      ) : (
        <p className="text-slate-700" data-testid="sem-acesso-papeis">
          Seu perfil nesta escola não dá acesso às telas da equipe, que abrem para os papéis Secretaria, Financeiro,
          Coordenador ou Administrador. Se você precisa de acesso, fale com a administração da escola.
        </p>
      )}
    </section>
  );
}

/**
 * The reference page of the load benchmark: the same layout and components as
 * /rematricula (header, search form, a table of 25 students, pagination), with
 * fixed rows, no sign-in and no database. It is written into the benchmark's
 * own copy of the app (scripts/bench/load.ts), never into the product.
 */
export const REFERENCE_ROUTE = "/bench-reference";

export const REFERENCE_PAGE = `
import { Header } from "../(app)/_components/header";
import { AlunosList } from "../(app)/rematricula/_components/alunos-list";
import { CampaignCountsSummary } from "../(app)/rematricula/_components/campaign-counts";
import { CampaignFilters } from "../(app)/rematricula/_components/campaign-filters";
import { Pagination } from "../(app)/rematricula/_components/pagination";

export const dynamic = "force-dynamic";

const FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela", "Heitor", "Íris", "João"];
const LAST = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Carvalho", "Ferreira"];

const rows = Array.from({ length: 25 }, (_, i) => ({
  id: "00000000-0000-4000-8000-" + String(i).padStart(12, "0"),
  nome: FIRST[i % FIRST.length] + " " + LAST[i % LAST.length] + " " + LAST[(i * 3) % LAST.length],
  responsavelNome: "Responsável " + LAST[(i * 5) % LAST.length],
  serie: (1 + (i % 9)) + "º ano",
  turma: ["A", "B", "C"][i % 3],
  unidade: i % 2 ? "Centro" : "Norte",
  status: "ativo",
  situacao: i % 10 === 3 ? "bloqueado" : "pendente",
  cancelada: false,
}));

const query = { q: "", unidade: "", serie: "", turma: "", situacao: "todos", page: 1 };
const options = {
  unidades: ["Centro", "Norte"],
  series: ["1º ano", "2º ano", "3º ano", "4º ano", "5º ano", "6º ano", "7º ano", "8º ano", "9º ano"],
  turmas: ["A", "B", "C"],
};
const counts = { total: 300, pendente: 270, rematriculado: 0, bloqueado: 30, indisponivel: 0, cancelado: 0 };

const ctx = {
  userId: "00000000-0000-4000-8000-000000000000",
  userName: "Sílvia Secretaria",
  email: "secretaria@pelicano.demo",
  tenant: { id: "00000000-0000-4000-8000-000000000001", slug: "pelicano", name: "Colégio Pelicano", role: "secretaria" },
  roles: ["secretaria"],
  tenants: [{ id: "00000000-0000-4000-8000-000000000001", slug: "pelicano", name: "Colégio Pelicano", role: "secretaria" }],
};

export default async function BenchReference() {
  return (
    <>
      <Header ctx={ctx as never} />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <section className="space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div className="min-w-0">
              <h1 className="text-2xl font-semibold">Rematrícula</h1>
              <p className="text-slate-700">Acompanhe a campanha e inicie a rematrícula para o próximo ano letivo.</p>
            </div>
            <div className="flex flex-wrap gap-3 text-sm">
              <a href="/rematricula/progresso" className="text-blue-800 underline">Ver progresso da campanha</a>
              <a href="/rematricula/exportar" className="text-blue-800 underline" download>Exportar lista (CSV)</a>
            </div>
          </div>
          <CampaignFilters query={query as never} options={options} />
          <CampaignCountsSummary counts={counts} situacao={"todos" as never} />
          <AlunosList rows={rows as never} total={300} filtered={false} bannerMessage="Verificar situação com a Tesouraria" />
          <Pagination query={query as never} pageCount={12} />
        </section>
      </main>
    </>
  );
}
`;

/**
 * The reference page of the load benchmark: the same layout and components as
 * /rematricula (header, search form, a table of 25 students, pagination), with
 * fixed rows, no sign-in and no database. It is written into the benchmark's
 * own copy of the app (scripts/bench/load.ts), never into the product.
 */
export const REFERENCE_ROUTE = "/bench-reference";

export const REFERENCE_PAGE = `
import { Header } from "../(app)/_components/header";
import { AlunosTable } from "../(app)/rematricula/_components/alunos-table";
import { Pagination } from "../(app)/rematricula/_components/pagination";
import { SearchForm } from "../(app)/rematricula/_components/search-form";

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
  anoLetivo: 2026,
  status: "ativo",
  rematricula: null,
  check: i % 10 === 3
    ? { isInadimplente: true, mesesInadim: 3, codigoInadim: "INAD-" + i }
    : { isInadimplente: false, mesesInadim: null, codigoInadim: null },
}));

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
          <div>
            <h1 className="text-2xl font-semibold">Rematrícula</h1>
            <p className="text-slate-700">Busque o aluno e inicie a rematrícula para o próximo ano letivo.</p>
          </div>
          <SearchForm q="" />
          <AlunosTable rows={rows as never} total={300} q="" bannerMessage="Verificar situação com a Tesouraria" />
          <Pagination q="" page={1} pageCount={12} />
        </section>
      </main>
    </>
  );
}
`;

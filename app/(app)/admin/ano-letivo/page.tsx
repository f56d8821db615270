import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/context";
import { listYearTurns } from "@/lib/rematricula/ano-letivo/history";
import { previewYearTurn } from "@/lib/rematricula/ano-letivo/preview";
import { CloseForm } from "./_components/close-form";
import { PreviewTable } from "./_components/preview-table";
import { TurnsHistory } from "./_components/turns-history";

export const metadata: Metadata = { title: "Ano letivo" };

const CHOICES = [
  ["inativar", "Marcar como inativos (não rematriculados)"],
  ["manter", "Manter como estão (ativos, na mesma série e ano)"],
] as const;

type Choice = (typeof CHOICES)[number][0];

/** The choice from the URL; anything else (repeated, forged, huge) is the default. */
function choiceOf(raw: string | string[] | undefined): Choice {
  return (Array.isArray(raw) ? raw[0] : raw) === "manter" ? "manter" : "inativar";
}

export default async function AnoLetivoPage({
  searchParams,
}: {
  searchParams: Promise<{ alunosSemRematricula?: string | string[] }>;
}) {
  const ctx = await requirePage("people");
  const choice = choiceOf((await searchParams).alunosSemRematricula);
  const [preview, turns] = await Promise.all([
    previewYearTurn(ctx.session, { deactivate: choice === "inativar" }),
    listYearTurns(ctx.session),
  ]);
  const { fromYear, toYear, total } = preview;
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Ano letivo</h1>
        <p className="text-slate-700" data-testid="ano-letivo">
          {ctx.tenant.name} está no ano letivo <strong>{fromYear}</strong>; a campanha de rematrícula é para{" "}
          <strong>{toYear}</strong>.
        </p>
      </div>
      <section aria-labelledby="encerrar-h" className="space-y-4">
        <h2 id="encerrar-h" className="text-lg font-semibold">Encerrar o ano letivo {fromYear}</h2>
        <ul className="list-disc space-y-1 pl-5 text-slate-800">
          <li>
            Quem tem rematrícula concluída para {toYear} passa para a série seguinte, no ano {toYear}, com a turma em branco.
          </li>
          <li>Quem concluiu a rematrícula na 3ª série EM passa a concluinte.</li>
          <li>Alunos inativos, transferidos ou concluintes ({preview.foraDaCampanha}) não mudam.</li>
          <li>
            A lista de inadimplentes, as liberações e os históricos não mudam. A nova campanha começa com todos os alunos
            ativos pendentes.
          </li>
        </ul>
        <form method="get" className="rounded border border-slate-200 bg-white p-4">
          <fieldset>
            <legend className="font-medium">Alunos ativos sem rematrícula concluída para {toYear}</legend>
            <div className="mt-2 space-y-1">
              {CHOICES.map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input type="radio" name="alunosSemRematricula" value={value} defaultChecked={choice === value} />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="mt-3 rounded border border-slate-400 px-4 py-2 hover:bg-slate-100">
            Atualizar prévia
          </button>
        </form>
        <PreviewTable summary={preview} fromYear={fromYear} toYear={toYear} />
        {total.promovidos + total.concluintes === 0 && total.antes > 0 && (
          <p role="note" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
            Nenhum aluno tem rematrícula concluída para {toYear}: encerrar agora não promove ninguém.
          </p>
        )}
        <CloseForm fromYear={fromYear} choice={choice} />
      </section>
      <section aria-labelledby="historico-h" className="space-y-3">
        <h2 id="historico-h" className="text-lg font-semibold">Encerramentos</h2>
        <TurnsHistory turns={turns} />
      </section>
    </section>
  );
}

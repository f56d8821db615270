import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { studentData } from "@/lib/privacy/student-data";
import { ActionButton } from "../../../_components/action-form";
import { anonymizeStudentAction } from "../../actions";
import { PrintButton } from "../../_components/print-button";
import { RecordSection } from "../../_components/record-view";

export const metadata: Metadata = { title: "Dados do aluno" };

/**
 * Everything the school holds about one student and their guardian, readable
 * and printable (LGPD art. 18). Opening it answers the family's request: it is
 * recorded as a request and as an export.
 */
export default async function DadosDoAlunoPage({ params }: { params: Promise<{ alunoId: string }> }) {
  const ctx = await requirePage("people");
  const { alunoId } = await params;
  const data = await studentData(ctx.session, alunoId, ctx.tenant.name, "html").catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const withHistory = <K extends string>(items: ({ historico: Record<string, unknown>[] } & Record<K, Record<string, unknown>>)[], key: K) =>
    items.flatMap((item) => [item[key], ...item.historico.map((h) => ({ historico: "alteração", ...h }))]);
  return (
    <section className="space-y-6">
      <div className="space-y-2">
        <p className="print:hidden"><Link href="/admin/privacidade" className="text-blue-800 underline">Voltar a Privacidade</Link></p>
        <h1 className="text-2xl font-semibold">Dados de {String(data.aluno.nome)}</h1>
        <p className="text-sm text-slate-600">
          Tudo o que {data.escola} guarda sobre o aluno e seu responsável, gerado em{" "}
          {new Date(data.geradoEm).toLocaleString("pt-BR", { timeZone: "America/Sao_Paulo" })}. Esta consulta foi registrada.
        </p>
        <div className="flex flex-wrap gap-3 print:hidden">
          <PrintButton />
          <a href={`/admin/privacidade/alunos/${alunoId}/json`} download
            className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">Baixar JSON</a>
        </div>
      </div>
      <RecordSection title="Cadastro do aluno" records={[data.aluno]} />
      <RecordSection title="Conta de acesso" records={data.conta ? [data.conta] : []} />
      <RecordSection title="Convites" records={data.convites} />
      <RecordSection title="Histórico do cadastro" records={data.historicoDoCadastro} />
      <RecordSection title="Lista de inadimplentes (com histórico)" records={withHistory(data.listaDeInadimplentes, "registro")} />
      <RecordSection title="Liberações (com histórico)" records={withHistory(data.liberacoes, "liberacao")} />
      <RecordSection title="Rematrículas" records={data.rematriculas} />
      <RecordSection title="Tentativas de rematrícula bloqueadas" records={data.tentativasBloqueadas} />
      <RecordSection title="Viradas de ano letivo" records={data.viradasDeAno} />
      <RecordSection title="Importações do cadastro que mudaram o aluno" records={data.importacoesDoCadastro} />
      <RecordSection title="Importações que citam o aluno"
        records={data.importacoes.map((b) => ({ ...b.importacao, linhas: b.linhasQueONomeiam }))} />
      <RecordSection title="Pedidos anteriores" records={data.solicitacoes} />
      <section className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4 print:hidden">
        <h2 className="text-lg font-semibold">Anonimizar a pedido da família</h2>
        <p className="text-sm">
          Substitui nome, CPF, nascimento, telefones, matrícula e responsável do aluno, e os nomes nos registros e históricos
          ligados a ele. Não é possível desfazer. É recusado enquanto a escola precisa dos dados (aluno ativo, rematrícula
          em vigor, débito na lista), com o motivo.
        </p>
        <ActionButton action={anonymizeStudentAction} fields={{ alunoId }} label="Anonimizar dados do aluno"
          confirm={{
            title: "Anonimizar os dados deste aluno?",
            body: "Nome, CPF, nascimento, telefones, matrícula e responsável são substituídos, também nos registros ligados a ele. Não é possível desfazer.",
            confirmLabel: "Anonimizar dados",
          }} />
      </section>
    </section>
  );
}

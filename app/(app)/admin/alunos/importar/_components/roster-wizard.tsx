"use client";

import { ImportWizard } from "@/app/(app)/_components/import/import-wizard";
import { mappingFields } from "@/app/(app)/_components/import/mapping-step";
import type { ModeOption } from "@/app/(app)/_components/import/mode-choice";
import { ROSTER_HEADERS } from "@/lib/people/roster/contract";
import type { RosterPreview, RosterReport } from "@/lib/people/roster/types";
import { RosterPreviewPanel } from "./roster-preview";
import { RosterReportView } from "./roster-report";

const FIELDS = mappingFields(ROSTER_HEADERS);

const MODES: ModeOption[] = [
  {
    value: "upsert",
    label: "Adicionar/atualizar",
    help: "Inclui os alunos novos do arquivo e atualiza os que já existem. Quem não está no arquivo fica como está.",
  },
  {
    value: "replace",
    label: "Roster completo",
    help: "O arquivo é a lista inteira de alunos ativos: além de incluir e atualizar, os alunos ativos que não aparecem nele passam a inativos (nunca são excluídos).",
  },
];

/** The roster's use of the shared import wizard. */
export function RosterWizard({ maxBytes }: { maxBytes: number }) {
  return (
    <ImportWizard<RosterPreview, RosterReport>
      maxBytes={maxBytes}
      endpoints={{ preview: "/api/import/roster/preview", commit: "/api/import/roster/commit" }}
      fields={FIELDS}
      modes={MODES}
      fileLabel="Arquivo CSV com os alunos"
      fileHelp="Colunas: matrícula, nome, data de nascimento, CPF, responsável, telefone, unidade, série, turma, ano letivo e situação; separado por vírgula, ponto e vírgula ou tabulação."
      previewStatus={(p) => `Pré-visualização pronta: ${p.counts.new} novo(s), ${p.counts.updated} atualizado(s). Nada foi gravado ainda.`}
      renderPreview={(p, c) => <RosterPreviewPanel preview={p} controls={c} />}
      renderReport={(r, again) => <RosterReportView report={r} onAgain={again} />}
    />
  );
}

"use client";

import { ImportWizard } from "@/app/(app)/_components/import/import-wizard";
import { mappingFields } from "@/app/(app)/_components/import/mapping-step";
import type { ModeOption } from "@/app/(app)/_components/import/mode-choice";
import { FIELD_LABELS, IMPORT_FIELDS, REQUIRED_FIELDS } from "@/lib/inadimplencia/import/contract";
import type { CommitReport, PreviewSuccess } from "@/lib/inadimplencia/import/types";
import { PreviewPanel } from "./preview-panel";
import { ReportView } from "./report-view";

const FIELDS = mappingFields({ fields: IMPORT_FIELDS, labels: FIELD_LABELS, required: REQUIRED_FIELDS });

const MODES: ModeOption[] = [
  {
    value: "upsert",
    label: "Adicionar/atualizar",
    help: "Inclui os alunos novos do arquivo e atualiza os que já estão na lista. Quem não está no arquivo continua na lista.",
  },
  {
    value: "replace",
    label: "Substituir a lista",
    help: "O arquivo passa a ser a lista inteira: além de incluir e atualizar, desativa quem está na lista hoje e não aparece no arquivo (por exemplo, quem já pagou).",
  },
];

/** The delinquent list's use of the shared import wizard. */
export function ListImportWizard({ maxBytes }: { maxBytes: number }) {
  return (
    <ImportWizard<PreviewSuccess, CommitReport>
      maxBytes={maxBytes}
      endpoints={{ preview: "/api/import/preview", commit: "/api/import/commit" }}
      fields={FIELDS}
      modes={MODES}
      fileLabel="Arquivo CSV da tesouraria"
      fileHelp="Colunas: código, aluno, responsável, escola e meses em atraso; separado por vírgula, ponto e vírgula ou tabulação."
      previewStatus={(p) => `Pré-visualização pronta: ${p.counts.total.toLocaleString("pt-BR")} linha(s) válida(s). Nada foi gravado ainda.`}
      renderPreview={(p, c) => (
        <PreviewPanel preview={p} busy={c.busy} onConfirm={c.confirm} onRemap={c.remap}
          onChoices={(choices) => c.answer({ confirmations: JSON.stringify(choices) })} />
      )}
      renderReport={(r, again) => <ReportView report={r} onAgain={again} />}
    />
  );
}

"use client";

import { useState, type ReactNode } from "react";
import type { FieldMapping } from "@/lib/import/contract";
import type { ImportFailure, ImportMode } from "@/lib/import/types";
import { MappingStep, type MappingField } from "./mapping-step";
import { ModeChoice, type ModeOption } from "./mode-choice";
import { answerMessage, postWithProgress, type UploadPhase } from "./upload";

/** What every import's preview carries for the wizard to commit the same file the same way. */
export interface WizardPreview {
  ok: true;
  mode: ImportMode;
  sha256: string;
  headers: string[];
  mapping: FieldMapping;
}

type Stage<P, R> =
  | { kind: "choose" }
  | { kind: "mapping"; headers: string[]; message: string; initial?: FieldMapping }
  | { kind: "preview"; preview: P }
  | { kind: "report"; report: R };

export interface PreviewControls {
  busy: boolean;
  /** Commits the previewed file, with the answers given so far. */
  confirm: () => void;
  /** Previews again with more answers (the roster's ambiguous rows). */
  answer: (extra: Record<string, string>) => void;
  /** Back to the mapping step, starting from the columns this preview used. */
  remap: () => void;
}

export interface ImportWizardProps<P extends WizardPreview, R> {
  maxBytes: number;
  endpoints: { preview: string; commit: string };
  fields: MappingField[];
  modes: ModeOption[];
  fileLabel: string;
  fileHelp: string;
  previewStatus: (preview: P) => string;
  renderPreview: (preview: P, controls: PreviewControls) => ReactNode;
  renderReport: (report: R, again: () => void) => ReactNode;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString("pt-BR", { maximumFractionDigits: 1 })} MB`;

/**
 * Upload → preview (with manual column mapping when needed) → commit → report,
 * the same for both imports; each supplies its endpoints, fields, modes and
 * how its preview and report look. The server keeps nothing between steps.
 */
export function ImportWizard<P extends WizardPreview, R>(props: ImportWizardProps<P, R>) {
  const { maxBytes, endpoints } = props;
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>("upsert");
  const [mapping, setMapping] = useState<FieldMapping | undefined>();
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage<P, R>>({ kind: "choose" });
  const [phase, setPhase] = useState<UploadPhase | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const busy = phase !== null;

  function reset(next: { file?: File | null; mode?: ImportMode }) {
    if (next.file !== undefined) { setFile(next.file); setMapping(undefined); }
    if (next.mode) setMode(next.mode);
    setExtra({});
    setStage({ kind: "choose" });
    setError(null);
    setStatus("");
  }

  async function send(url: string, fields: Record<string, string>): Promise<{ status: number; body: unknown } | null> {
    if (!file) return null;
    const form = new FormData();
    form.append("file", file);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    setError(null);
    try {
      return await postWithProgress(url, form, (p) => {
        setPhase(p);
        setStatus(p.kind === "processing" ? "Processando o arquivo no servidor…" : `Enviando o arquivo… ${p.percent ?? 0}%`);
      });
    } catch (e) {
      setError((e as Error).message);
      setStatus("");
      return null;
    } finally {
      setPhase(null);
    }
  }

  async function preview(withMapping = mapping, withExtra = extra) {
    if (!file) return setError("Escolha um arquivo CSV.");
    if (file.size > maxBytes) return setError(`O arquivo tem ${mb(file.size)}; o limite é ${mb(maxBytes)}.`);
    setMapping(withMapping);
    setExtra(withExtra);
    const answer = await send(endpoints.preview, {
      mode, ...withExtra, ...(withMapping ? { mapping: JSON.stringify(withMapping) } : {}),
    });
    if (!answer) return;
    const result = answer.body as P | ImportFailure;
    if (answer.status === 200 && result.ok) {
      setStage({ kind: "preview", preview: result });
      setStatus(props.previewStatus(result));
    } else if (answer.status === 200 && !result.ok && result.needsMapping) {
      setStage({ kind: "mapping", headers: result.headers ?? [], message: result.error, initial: withMapping ?? result.suggested });
      setStatus("As colunas do arquivo não foram reconhecidas.");
    } else {
      setStage({ kind: "choose" });
      setStatus("");
      setError(answerMessage(answer.body));
    }
  }

  async function commit(p: P) {
    const answer = await send(endpoints.commit, {
      mode: p.mode, sha256: p.sha256, ...extra, ...(mapping ? { mapping: JSON.stringify(mapping) } : {}),
    });
    if (!answer) return;
    const result = answer.body as { ok?: boolean };
    if (answer.status === 200 && result.ok) {
      setStage({ kind: "report", report: answer.body as R });
      setStatus("Importação concluída.");
    } else {
      setError(answerMessage(answer.body));
      setStatus("");
    }
  }

  return (
    <div>
      {stage.kind !== "report" && (
        <form onSubmit={(e) => { e.preventDefault(); void preview(); }} className="space-y-4 rounded border border-slate-200 bg-white p-4">
          <div>
            <label htmlFor="arquivo" className="block text-sm font-medium">{props.fileLabel}</label>
            <input id="arquivo" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" disabled={busy}
              aria-describedby="arquivo-ajuda" onChange={(e) => reset({ file: e.target.files?.[0] ?? null })} className="mt-1 block text-sm" />
            <p id="arquivo-ajuda" className="mt-1 text-sm text-slate-700">Até {mb(maxBytes)}. {props.fileHelp}</p>
          </div>
          <ModeChoice modes={props.modes} mode={mode} disabled={busy} onChange={(m) => reset({ mode: m })} />
          <button type="submit" disabled={busy || !file}
            className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:bg-slate-400">
            Pré-visualizar
          </button>
        </form>
      )}
      <div className="mt-4 min-h-6">
        {phase?.kind === "sending" && (
          <progress max={100} value={phase.percent ?? undefined} aria-label="Envio do arquivo" className="mb-1 block w-full max-w-md" />
        )}
        <p role="status" aria-live="polite" className="text-sm text-slate-800">{status}</p>
        {error && <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 px-4 py-3 text-sm font-medium text-red-900">{error}</p>}
      </div>
      {stage.kind === "mapping" && (
        <MappingStep key={JSON.stringify(stage.initial ?? {})} fields={props.fields} headers={stage.headers} message={stage.message}
          initial={stage.initial} busy={busy} onSubmit={(m) => void preview(m)} />
      )}
      {stage.kind === "preview" && props.renderPreview(stage.preview, {
        busy,
        confirm: () => void commit(stage.preview),
        answer: (more) => void preview(mapping, { ...extra, ...more }),
        remap: () => setStage({
          kind: "mapping",
          headers: stage.preview.headers,
          message: "Confira as colunas lidas do arquivo.",
          initial: stage.preview.mapping,
        }),
      })}
      {stage.kind === "report" && props.renderReport(stage.report, () => reset({ file: null }))}
    </div>
  );
}

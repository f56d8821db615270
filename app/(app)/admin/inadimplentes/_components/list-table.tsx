import Link from "next/link";
import { ActionButton } from "@/app/(app)/admin/_components/action-form";
import type { InadimplenteRow } from "@/lib/inadimplencia/list";
import { listQueryString, type ListQuery, type SortColumn } from "@/lib/inadimplencia/list-query";
import { unlinkAction } from "../actions";
import { formatDateTime } from "./format";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { UNLINK_CONFIRM } from "@/app/(app)/admin/inadimplentes/_components/unlink-confirm";

const COLUMNS: [SortColumn, string][] = [
  ["codigo_inadim", "Código"],
  ["student_name", "Aluno"],
  ["guardian1_name", "Responsável"],
  ["student_escola", "Unidade"],
  ["meses_inadim", "Meses"],
  ["is_active", "Situação"],
  ["updated_at", "Atualizado em"],
  ["updated_by", "Atualizado por"],
];

/** A column header that sorts by its column; a second click reverses the order. */
function SortHeader({ query, column, label }: { query: ListQuery; column: SortColumn; label: string }) {
  const current = query.sort === column;
  const dir = current && query.dir === "asc" ? "desc" : "asc";
  const href = `/admin/inadimplentes${listQueryString(query, { sort: column, dir, page: 1 })}`;
  return (
    <th scope="col" aria-sort={current ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
      className="px-3 py-2 font-medium">
      <Link href={href} className="inline-flex items-center gap-1 text-slate-900 underline-offset-2 hover:underline">
        {label}
        <span aria-hidden="true">{current ? (query.dir === "asc" ? "▲" : "▼") : ""}</span>
        <span className="sr-only">{current ? `, ordenado ${query.dir === "asc" ? "crescente" : "decrescente"}` : ", ordenar"}</span>
      </Link>
    </th>
  );
}

/** The row's link to a student (issue 16), with the way to set, change or remove it for finance. */
function LinkCell({ row, writer }: { row: InadimplenteRow; writer: boolean }) {
  const page = `/admin/inadimplentes/${row.id}`;
  if (!row.alunoLabel) {
    return (
      <td className="px-3 py-2">
        <span className="text-slate-700">pelo nome</span>
        {writer && <> · <Link href={`${page}?busca=${encodeURIComponent(row.studentName.slice(0, 100))}#vinculo`}
          className="text-blue-800 underline">Vincular</Link></>}
      </td>
    );
  }
  return (
    <td className="px-3 py-2">
      <span>{row.alunoLabel}</span>
      {writer && (
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <Link href={`${page}#vinculo`} className="text-blue-800 underline">Alterar</Link>
          <ActionButton action={unlinkAction} fields={{ id: row.id }} label="Remover vínculo"
            confirm={UNLINK_CONFIRM} />
        </div>
      )}
    </td>
  );
}

/**
 * The school column in the school's own words: the unidade it names; text that
 * names none of them (another school's name, a typo) is shown as the file gave
 * it and says so, since such a row cannot match by unidade.
 */
function UnidadeCell({ row, hasUnidades }: { row: InadimplenteRow; hasUnidades: boolean }) {
  if (row.unidade) return <td className="px-3 py-2">{row.unidade}</td>;
  if (!row.studentEscola) return <td className="px-3 py-2">—</td>;
  return (
    <td className="px-3 py-2">
      {row.studentEscola}
      {hasUnidades && <div className="text-xs text-amber-900">não é uma unidade desta escola</div>}
    </td>
  );
}

export function ListTable({ rows, query, writer, hasUnidades }: {
  rows: InadimplenteRow[]; query: ListQuery; writer: boolean; hasUnidades: boolean;
}) {
  return (
    <ScrollRegion label="Lista de inadimplentes" className="rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Lista de inadimplentes</caption>
        <thead className="bg-slate-100">
          <tr>
            {COLUMNS.slice(0, 2).map(([c, label]) => <SortHeader key={c} query={query} column={c} label={label} />)}
            <th scope="col" className="px-3 py-2 font-medium">Aluno vinculado</th>
            {COLUMNS.slice(2).map(([c, label]) => <SortHeader key={c} query={query} column={c} label={label} />)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <td className="px-3 py-2">{r.codigoInadim ?? "—"}</td>
              <td className="px-3 py-2">
                <Link href={`/admin/inadimplentes/${r.id}`} className="font-medium text-blue-800 underline">{r.studentName}</Link>
              </td>
              <LinkCell row={r} writer={writer} />
              <td className="px-3 py-2">{r.guardian1Name ?? "—"}</td>
              <UnidadeCell row={r} hasUnidades={hasUnidades} />
              <td className="px-3 py-2">{r.mesesInadim ?? "—"}</td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${
                  r.isActive ? "bg-red-100 text-red-900" : "bg-slate-200 text-slate-800"}`}>
                  {r.isActive ? "Ativo" : "Inativo"}
                </span>
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(r.updatedAt)}</td>
              <td className="px-3 py-2">{r.updatedBy ?? "—"}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr><td colSpan={COLUMNS.length + 1} className="px-3 py-6 text-center text-slate-700">Nenhum registro encontrado.</td></tr>
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

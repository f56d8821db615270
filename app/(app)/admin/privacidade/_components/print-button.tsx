"use client";

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()}
      className="rounded border border-slate-400 px-4 py-2 hover:bg-slate-100 print:hidden">
      Imprimir
    </button>
  );
}

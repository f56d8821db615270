import { useId } from "react";

/**
 * The "Iniciar" control of a delinquent student: a really disabled button, so it can
 * neither be clicked nor submitted, with the reason written beside it. Visible text
 * rather than a tooltip: a phone has no hover, and the front desk must read why
 * without hunting for it. The button is described by that text for screen readers.
 */
export function BlockedStart({ message }: { message: string }) {
  const reasonId = useId();
  return (
    <span className="inline-flex max-w-xs flex-col items-start gap-1">
      <button
        type="button"
        disabled
        aria-disabled="true"
        aria-describedby={reasonId}
        className="cursor-not-allowed rounded bg-slate-200 px-3 py-1 text-sm font-medium text-slate-600"
      >
        Iniciar
      </button>
      <span id={reasonId} className="text-xs text-slate-700" data-testid="blocked-reason">{message}</span>
    </span>
  );
}

"use client";

import { useId, useState } from "react";

/**
 * The "Iniciar" control of a delinquent student: a really disabled button, so it can
 * neither be clicked nor submitted, inside a focusable wrapper whose description is
 * the school's banner message. A disabled button cannot take focus, so without the
 * wrapper keyboard and screen-reader users would never learn why it is disabled.
 * The tooltip shows on hover and on keyboard focus and Escape hides it (WCAG 1.4.13).
 */
export function BlockedStart({ alunoNome, message }: { alunoNome: string; message: string }) {
  const tipId = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span
      role="group"
      tabIndex={0}
      aria-label={`Iniciar rematrícula de ${alunoNome} (indisponível)`}
      aria-describedby={tipId}
      data-dismissed={dismissed || undefined}
      onKeyDown={(e) => e.key === "Escape" && setDismissed(true)}
      onBlur={() => setDismissed(false)}
      onMouseLeave={() => setDismissed(false)}
      className="group relative inline-block rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700 focus-visible:ring-offset-2"
    >
      <button
        type="button"
        disabled
        aria-disabled="true"
        aria-describedby={tipId}
        className="cursor-not-allowed rounded bg-slate-200 px-3 py-1 text-sm font-medium text-slate-600"
      >
        Iniciar
      </button>
      <span
        id={tipId}
        role="tooltip"
        className="invisible absolute right-0 bottom-full z-10 mb-2 w-max max-w-xs rounded bg-slate-900 px-3 py-2 text-sm text-white shadow-lg group-hover:visible group-focus-within:visible group-data-dismissed:invisible"
      >
        {message}
      </span>
    </span>
  );
}

const TONES = {
  danger: "bg-red-100 text-red-900 ring-red-300",
  success: "bg-green-100 text-green-900 ring-green-300",
  neutral: "bg-slate-100 text-slate-800 ring-slate-300",
} as const;

/** A small status pill; text colours keep at least 4.5:1 contrast on their background. */
export function Badge({ tone, children }: { tone: keyof typeof TONES; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

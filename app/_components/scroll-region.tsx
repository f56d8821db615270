/**
 * A wide table's own scrolling box: on a phone the table scrolls inside it,
 * never the page. Named and focusable, so a keyboard user can reach and scroll
 * it (axe's scrollable-region-focusable), and `min-w-0` lets it shrink inside
 * flex and grid parents instead of widening them.
 */
export function ScrollRegion({ label, className = "", children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`relative min-w-0 max-w-full overflow-x-auto ${className}`}>
      {children}
    </div>
  );
}

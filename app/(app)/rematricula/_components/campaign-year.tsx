/** The school's current year and the year its campaign re-enrolls for, as every campaign page states them. */
export function CampaignYear({ anoLetivo }: { anoLetivo: number }) {
  return (
    <p className="text-slate-700" data-testid="ano-letivo">
      Ano letivo <strong>{anoLetivo}</strong> · rematrícula para <strong>{anoLetivo + 1}</strong>
    </p>
  );
}

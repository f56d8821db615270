import { bySchoolOrder } from "../series";
import type { PlanGroup } from "./plan";

/** One série's line of the turn: `ativo` students before, what happens to them, `ativo` students after. */
export interface SerieTurn {
  serie: string;
  antes: number;
  promovidos: number;
  concluintes: number;
  inativados: number;
  mantidos: number;
  depois: number;
}

export interface TurnSummary {
  series: SerieTurn[];
  total: SerieTurn;
}

export const SEM_SERIE = "Sem série";

const empty = (serie: string): SerieTurn =>
  ({ serie, antes: 0, promovidos: 0, concluintes: 0, inativados: 0, mantidos: 0, depois: 0 });

/**
 * Per série, in school order: the students there now, those leaving it
 * (promoted to the next série, concluintes, made inativo), those kept, and the
 * students there after the turn (those kept and those promoted into it).
 */
export function summarize(groups: PlanGroup[]): TurnSummary {
  const bySerie = new Map<string, SerieTurn>();
  const line = (serie: string | null) => {
    const key = serie ?? SEM_SERIE;
    let row = bySerie.get(key);
    if (!row) bySerie.set(key, (row = empty(key)));
    return row;
  };
  const total = empty("Total");
  for (const g of groups) {
    const from = line(g.serie);
    from.antes += g.n;
    total.antes += g.n;
    if (g.outcome === "promoted") {
      from.promovidos += g.n;
      total.promovidos += g.n;
      line(g.after_serie).depois += g.n;
    } else if (g.outcome === "concluded") {
      from.concluintes += g.n;
      total.concluintes += g.n;
    } else if (g.outcome === "deactivated") {
      from.inativados += g.n;
      total.inativados += g.n;
    } else {
      from.mantidos += g.n;
      total.mantidos += g.n;
      from.depois += g.n;
    }
  }
  total.depois = total.promovidos + total.mantidos;
  const series = [...bySerie.values()].sort((a, b) =>
    a.serie === SEM_SERIE ? 1 : b.serie === SEM_SERIE ? -1 : bySchoolOrder(a.serie, b.serie));
  return { series, total };
}

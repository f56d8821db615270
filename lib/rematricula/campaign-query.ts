/** What a student's row is in the campaign (SPEC §6); "indisponivel" is a student who is not `ativo`. */
export const SITUACOES = ["pendente", "rematriculado", "bloqueado", "cancelado"] as const;
export type Situacao = (typeof SITUACOES)[number];
export type SituacaoFilter = Situacao | "todos";

export const SITUACAO_LABELS: Record<SituacaoFilter, string> = {
  todos: "Todas",
  pendente: "Pendente",
  rematriculado: "Rematriculado",
  bloqueado: "Bloqueado",
  cancelado: "Cancelado",
};

export interface CampaignQuery {
  q: string;
  unidade: string;
  serie: string;
  turma: string;
  situacao: SituacaoFilter;
  page: number;
}

export const EMPTY_QUERY: Readonly<CampaignQuery> = { q: "", unidade: "", serie: "", turma: "", situacao: "todos", page: 1 };

/** Far beyond any school's last page; the list clamps to its real last page. */
export const MAX_PAGE = 10_000;
const MAX_TEXT = 100;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

/** The first value of a parameter that may repeat (?q=a&q=b). */
function first(params: Params, key: string): string {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

/**
 * Free text from a URL, made safe for a query: PostgreSQL refuses NUL in text
 * (a `%00` would end as a 500), other control characters are never meant, and
 * anything longer than a name is cut rather than refused.
 */
export function cleanText(raw: string, max = MAX_TEXT): string {
  return raw.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim().slice(0, max).trim();
}

function parsePage(raw: string): number {
  if (!/^\d{1,1000}$/.test(raw.trim())) return 1;
  return Math.min(MAX_PAGE, Math.max(1, Number(raw.trim())));
}

/**
 * The campaign's filters from the URL. Whatever arrives — repeated, unknown,
 * huge or binary values — the answer is a valid query, so the page renders.
 * Unidade, série and turma are checked against the school's own values later.
 */
export function parseCampaignQuery(params: Params): CampaignQuery {
  const situacao = first(params, "situacao");
  return {
    q: cleanText(first(params, "q")),
    unidade: cleanText(first(params, "unidade")),
    serie: cleanText(first(params, "serie")),
    turma: cleanText(first(params, "turma")),
    situacao: (SITUACOES as readonly string[]).includes(situacao) ? (situacao as Situacao) : "todos",
    page: parsePage(first(params, "page")),
  };
}

/** The query string of a filtered view (defaults left out, so links stay short). */
export function campaignSearch(query: CampaignQuery, page = query.page): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.unidade) params.set("unidade", query.unidade);
  if (query.serie) params.set("serie", query.serie);
  if (query.turma) params.set("turma", query.turma);
  if (query.situacao !== "todos") params.set("situacao", query.situacao);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `?${s}` : "";
}

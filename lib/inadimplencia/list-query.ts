/**
 * The admin list's query string, parsed into values the list can trust. Whatever
 * arrives in the URL (repeated keys, unknown values, huge or negative pages, long
 * searches, NUL and other control characters that PostgreSQL would refuse) ends
 * as a valid query: the page renders normally instead of failing.
 */

export const STATUS_FILTERS = ["active", "inactive", "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const SORT_COLUMNS = [
  "codigo_inadim", "student_name", "guardian1_name", "student_escola",
  "meses_inadim", "is_active", "updated_at", "updated_by",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDir = "asc" | "desc";

export interface ListQuery {
  q: string;
  status: StatusFilter;
  escola: string;
  sort: SortColumn;
  dir: SortDir;
  page: number;
}

export const DEFAULT_LIST_QUERY: ListQuery = {
  q: "", status: "active", escola: "", sort: "student_name", dir: "asc", page: 1,
};

export const MAX_TEXT = 100;
export const MAX_PAGE = 100_000;

export type RawParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function oneOf<T extends string>(allowed: readonly T[], v: string | undefined, fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}

/**
 * Control characters removed, lone surrogates replaced (the drivers cannot encode
 * them), whitespace collapsed, at most MAX_TEXT characters (whole code points).
 */
export function cleanText(v: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const s = (v ?? "").toWellFormed().replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, "").replace(/\s+/g, " ").trim();
  return Array.from(s).slice(0, MAX_TEXT).join("").trim();
}

function parsePage(v: string | undefined): number {
  if (!v || !/^\d+$/.test(v)) return 1;
  const n = v.length > 9 ? MAX_PAGE : Number(v);
  return Math.min(Math.max(n, 1), MAX_PAGE);
}

export function parseListQuery(params: RawParams): ListQuery {
  return {
    q: cleanText(first(params.q)),
    status: oneOf(STATUS_FILTERS, first(params.status), DEFAULT_LIST_QUERY.status),
    escola: cleanText(first(params.escola)),
    sort: oneOf(SORT_COLUMNS, first(params.sort), DEFAULT_LIST_QUERY.sort),
    dir: oneOf(["asc", "desc"] as const, first(params.dir), DEFAULT_LIST_QUERY.dir),
    page: parsePage(first(params.page)),
  };
}

/** A URL's query string as the record Next hands to pages (repeated keys kept as arrays). */
export function paramsOf(sp: URLSearchParams): RawParams {
  const out: RawParams = {};
  for (const key of new Set(sp.keys())) out[key] = sp.getAll(key);
  return out;
}

/** The query string of a list state, without defaults, so links stay short. */
export function listQueryString(query: ListQuery, overrides: Partial<ListQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  for (const key of ["q", "status", "escola", "sort", "dir", "page"] as const) {
    const value = String(merged[key]);
    if (value !== String(DEFAULT_LIST_QUERY[key])) params.set(key, value);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/**
 * The HTTP leg of the soak: signed-in browsing with hostile query strings
 * against a running server (its own database, e.g. the demo seed). Read-only, so
 * it needs no ledger: any 5xx, or a page showing server internals, is a failure.
 */

const PAGES = ["/admin/inadimplentes", "/admin/alunos", "/admin/liberacoes", "/admin/inadimplentes/importacoes",
  "/admin/estatisticas", "/rematricula", "/rematricula/progresso"];
const QUERIES = ["", "q=Silva", "q=%25", "q=_", "q=%00", `q=${"b".repeat(10_000)}`, "page=abc&page=3", "page=99999999999999999999",
  "sort=;drop&dir=x", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q='%20or%201=1--", "status=x&escola=%00"];
const INTERNALS = /^\s+at .+:\d+:\d+\)?$|\bPostgresError\b|node_modules|\/work\//m;

/** Signs in through Auth.js's credentials endpoint and returns the session cookie. */
export async function signInHttp(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in of ${email} over HTTP failed (${res.status})`);
  return session;
}

export interface HttpTally {
  requests: number;
  failures: string[];
  statuses: Record<string, number>;
}

export async function httpWorker(base: string, cookie: string, deadline: number, tally: HttpTally): Promise<void> {
  while (Date.now() < deadline) {
    const page = PAGES[Math.floor(Math.random() * PAGES.length)];
    const query = QUERIES[Math.floor(Math.random() * QUERIES.length)];
    const url = `${base}${page}${query ? `?${query}` : ""}`;
    tally.requests++;
    try {
      const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
      const body = await res.text();
      tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
      if (res.status >= 500 || INTERNALS.test(body)) tally.failures.push(`${res.status} ${url.slice(0, 120)}`);
    } catch (e) {
      tally.failures.push(`${String(e).slice(0, 120)} ${url.slice(0, 120)}`);
    }
  }
}

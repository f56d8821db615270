import { createHash, randomInt, randomUUID } from "node:crypto";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_DATABASE_URL, OPS_PORT_BASE } from "./env";
import { startInstance, type Instance } from "./ops/processes";

// Two instances of the production build on two ports, sharing the suite's
// PostgreSQL database: nothing one of them needs may live only in the other's
// memory. Both trust ONE proxy hop (TRUSTED_PROXY_HOPS=1) and every request
// carries a fake proxy chain "<whatever the client wrote>, <address the proxy
// saw>" with an address of its own, so these sign-in failures never count
// against 127.0.0.1, which the other specs sign in from.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const AUTH_SECRET = process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-use-000";
const TTL_MS = 2_000;
const tag = randomUUID().slice(0, 8);
let a: Instance;
let b: Instance;

test.beforeAll(async () => {
  const env = { DATABASE_URL: E2E_DATABASE_URL, AUTH_SECRET, TRUSTED_PROXY_HOPS: "1", LOG_LEVEL: "info" };
  [a, b] = await Promise.all([startInstance(OPS_PORT_BASE + 1, env), startInstance(OPS_PORT_BASE + 2, env)]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

/** An address from TEST-NET-2 no other test uses, as the trusted proxy would report it. */
const freshAddress = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
const forged = () => `${randomInt(1, 223)}.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`;

async function client(instance: Instance): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: instance.url, maxRedirects: 0 });
}

/** Signs in through Auth.js's credentials endpoint; the answer's `code` says why it failed. */
async function signIn(api: APIRequestContext, email: string, password: string, xff: string): Promise<string> {
  const { csrfToken } = await (await api.get("/api/auth/csrf", { headers: { "x-forwarded-for": xff } })).json();
  const res = await api.post("/api/auth/callback/credentials", {
    headers: { "x-forwarded-for": xff },
    form: { email, password, csrfToken, callbackUrl: "/" },
  });
  expect(res.status(), await res.text()).toBe(302);
  const location = new URL(res.headers().location, "http://x");
  return location.searchParams.get("error") ? location.searchParams.get("code") ?? "error" : "ok";
}

test("failed sign-ins through one instance count on the other (per account)", async () => {
  const [ca, cb] = await Promise.all([client(a), client(b)]);
  const email = `ninguem-${tag}@teste.demo`;
  const address = freshAddress();
  const outcomes: string[] = [];
  for (const api of [ca, cb, ca, cb, ca]) outcomes.push(await signIn(api, email, "errada", `${forged()}, ${address}`));
  expect(outcomes).toEqual(["credentials", "credentials", "credentials", "credentials", "credentials"]);
  // The sixth attempt, on either instance, finds the account locked by the five before.
  expect(await signIn(cb, email, "errada", `${forged()}, ${address}`)).toBe("throttled");
  expect(await signIn(ca, email, "errada", `${forged()}, ${address}`)).toBe("throttled");
  await Promise.all([ca.dispose(), cb.dispose()]);
});

test("rotating X-Forwarded-For does not escape the per-address limit across instances", async () => {
  const [ca, cb] = await Promise.all([client(a), client(b)]);
  const address = freshAddress();
  // 30 failures from one address, each with a new e-mail (so the per-account limit never
  // triggers) and a new forged left part of the chain, alternating instances.
  for (let i = 0; i < 30; i++) {
    const code = await signIn(i % 2 ? cb : ca, `rodizio-${tag}-${i}@teste.demo`, "errada", `${forged()}, ${address}`);
    expect(code, `attempt ${i + 1}`).toBe("credentials");
  }
  expect(await signIn(ca, `rodizio-${tag}-x@teste.demo`, "errada", `${forged()}, ${address}`)).toBe("throttled");
  expect(await signIn(cb, `rodizio-${tag}-y@teste.demo`, "errada", `${forged()}, ${address}`)).toBe("throttled");
  // Another address is not affected: the limit is per address, not global.
  expect(await signIn(cb, `rodizio-${tag}-z@teste.demo`, "errada", `${forged()}, ${freshAddress()}`)).toBe("credentials");
  await Promise.all([ca.dispose(), cb.dispose()]);
});

test("a flag changed is seen by both instances within the school's cache_ttl_ms", async ({ db }) => {
  // A school of its own, with a short cache TTL, so the demo schools keep theirs.
  const [school] = await db`insert into tenants (slug, name) values (${`ops-${tag}`}, ${`Escola Instâncias ${tag}`}) returning id`;
  const [{ password_hash: hash }] = await db`select password_hash from users where email = 'secretaria@pelicano.demo'`;
  const email = `sec-${tag}@teste.demo`;
  const [user] = await db`insert into users (email, name, password_hash) values (${email}, 'Secretaria Instâncias', ${hash}) returning id`;
  await db`insert into memberships (tenant_id, user_id, role) values (${school.id}, ${user.id}, 'secretaria')`;
  const [aluno] = await db`insert into alunos (tenant_id, nome, serie, turma, ano_letivo)
    values (${school.id}, ${`Aluno Instâncias ${tag}`}, '5º ano', 'A', 2026) returning id`;
  await db`insert into inadimplentes (tenant_id, codigo_inadim, student_name, meses_inadim, source)
    values (${school.id}, ${`OPS-${tag}`}, ${`Aluno Instâncias ${tag}`}, 3, 'e2e')`;
  const setFlag = (key: string, value: unknown) => db`insert into system_config (tenant_id, key, value)
    values (${school.id}, ${`rematricula.inadimplencia.${key}`}, ${db.json(value as never)})
    on conflict (tenant_id, key) do update set value = excluded.value, updated_at = now()`;
  await setFlag("enabled", true);
  await setFlag("cache_ttl_ms", TTL_MS);
  await setFlag("ui.banner_message", `Aviso antigo ${tag}`);

  const [ca, cb] = await Promise.all([client(a), client(b)]);
  const address = freshAddress();
  expect(await signIn(ca, email, "rematricula", `${forged()}, ${address}`)).toBe("ok");
  expect(await signIn(cb, email, "rematricula", `${forged()}, ${address}`)).toBe("ok");
  const banner = async (api: APIRequestContext) => {
    const res = await api.get(`/rematricula/${aluno.id}`);
    expect(res.status()).toBe(200);
    const html = await res.text();
    return html.includes(`Aviso novo ${tag}`) ? "novo" : html.includes(`Aviso antigo ${tag}`) ? "antigo" : "nenhum";
  };
  expect([await banner(ca), await banner(cb)]).toEqual(["antigo", "antigo"]);

  // The change is written once (as an admin's save would write it); neither instance is told.
  await setFlag("ui.banner_message", `Aviso novo ${tag}`);
  const changedAt = Date.now();
  const seenAfter: Record<string, number> = {};
  while (Object.keys(seenAfter).length < 2 && Date.now() - changedAt < TTL_MS * 4) {
    for (const [name, api] of [["a", ca], ["b", cb]] as const) {
      if (!(name in seenAfter) && (await banner(api)) === "novo") seenAfter[name] = Date.now() - changedAt;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(Object.keys(seenAfter).sort()).toEqual(["a", "b"]);
  // Within the TTL, plus the time of the requests that observe it.
  for (const ms of Object.values(seenAfter)) expect(ms).toBeLessThanOrEqual(TTL_MS + 1_500);
  await Promise.all([ca.dispose(), cb.dispose()]);
});

test("every request gets an id and one JSON log line without its query string", async () => {
  const res = await fetch(`${a.url}/login?busca=Maria%20Segredo`);
  const id = res.headers.get("x-request-id");
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  // Behind the trusted proxy (TRUSTED_PROXY_HOPS=1), a well-formed id it sends is kept…
  const kept = await fetch(`${a.url}/login`, { headers: { "x-request-id": `lb-${tag}-0001` } });
  expect(kept.headers.get("x-request-id")).toBe(`lb-${tag}-0001`);
  // …and a malformed one replaced.
  const replaced = await fetch(`${a.url}/login`, { headers: { "x-request-id": "x\"}{" } });
  expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  await expect.poll(() => a.output().includes(id!)).toBe(true);
  const line = a.output().split("\n").find((l) => l.includes(id!))!;
  expect(JSON.parse(line)).toMatchObject({ level: "info", msg: "request", requestId: id, method: "GET", path: "/login", status: 200 });
  expect(a.output()).not.toContain("Segredo");
});

test("an import running through one instance refuses a second one through the other", async ({ db }) => {
  // A school of its own, so the lock and the rows touch no demo school.
  const [school] = await db`insert into tenants (slug, name) values (${`imp-${tag}`}, ${`Escola Importação ${tag}`}) returning id`;
  const [{ password_hash: hash }] = await db`select password_hash from users where email = 'financeiro@pelicano.demo'`;
  const email = `fin-${tag}@teste.demo`;
  const [user] = await db`insert into users (email, name, password_hash) values (${email}, 'Financeiro Instâncias', ${hash}) returning id`;
  await db`insert into memberships (tenant_id, user_id, role) values (${school.id}, ${user.id}, 'financeiro')`;

  // Big enough that the first commit holds its lock for a while.
  const lines = ["codigo_inadim;student_name;meses_inadim"];
  for (let i = 0; i < 60_000; i++) lines.push(`${i};Aluno Carga ${tag} ${i};${(i % 12) + 1}`);
  const bytes = Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const commit = (instance: Instance, api: APIRequestContext) => api.post("/api/import/commit", {
    headers: { origin: instance.url },
    multipart: { mode: "upsert", sha256, file: { name: "carga.csv", mimeType: "text/csv", buffer: bytes } },
    timeout: 110_000,
  });

  const [ca, cb] = await Promise.all([client(a), client(b)]);
  const address = freshAddress();
  expect(await signIn(ca, email, "rematricula", `${forged()}, ${address}`)).toBe("ok");
  expect(await signIn(cb, email, "rematricula", `${forged()}, ${address}`)).toBe("ok");

  const first = commit(a, ca);
  // Wait until the first commit's transaction holds the school's import lock…
  // (a bigint advisory key shows in pg_locks as its high and low 32 bits)
  await expect.poll(async () => (await db`select count(*)::int as n from pg_locks
    where locktype = 'advisory' and granted and objsubid = 1
      and ((classid::bigint << 32) | objid::bigint) = hashtext(${school.id}::text || ':import')::bigint`)[0].n,
  { timeout: 60_000, intervals: [50] }).toBe(1);
  // …then the second, through the other instance, is refused with the message.
  const second = await commit(b, cb);
  expect(second.status()).toBe(409);
  expect((await second.json()).message).toContain("Outra importação desta escola está em andamento");
  const done = await first;
  expect(done.status(), await done.text()).toBe(200);
  const [{ n }] = await db`select count(*)::int as n from inadimplentes where tenant_id = ${school.id} and is_active`;
  expect(n).toBe(60_000);
  const [{ batches }] = await db`select count(*)::int as batches from import_batches where tenant_id = ${school.id}`;
  expect(batches).toBe(1);
  await Promise.all([ca.dispose(), cb.dispose()]);
});

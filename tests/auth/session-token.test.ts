import { beforeAll, describe, expect, test } from "vitest";
import { encode } from "next-auth/jwt";
import { readSessionToken } from "@/lib/auth/session-token";

const secret = "segredo-de-teste-da-sessao-com-mais-de-32";
const seal = (salt: string, claims: Record<string, unknown> = { sub: "u1" }, maxAge = 3600) =>
  encode({ token: claims, secret, salt, maxAge });

beforeAll(() => {
  process.env.AUTH_SECRET = secret;
});

describe("the session as pages and the proxy read it", () => {
  test("from the session cookie, under its plain or its __Secure- name", async () => {
    const plain = await seal("authjs.session-token");
    expect(await readSessionToken(new Headers({ cookie: `outro=1; authjs.session-token=${plain}` }))).toMatchObject({ sub: "u1" });
    const secure = await seal("__Secure-authjs.session-token", { sub: "u2" });
    expect(await readSessionToken(new Headers({ cookie: `__Secure-authjs.session-token=${secure}` }))).toMatchObject({ sub: "u2" });
  });

  test("not from an Authorization: Bearer header", async () => {
    const token = await seal("authjs.session-token");
    expect(await readSessionToken(new Headers({ authorization: `Bearer ${token}` }))).toBeNull();
  });

  test("a cookie sealed for the other name, forged, expired or absent: no session, no error", async () => {
    const other = await seal("__Secure-authjs.session-token");
    expect(await readSessionToken(new Headers({ cookie: `authjs.session-token=${other}` }))).toBeNull();
    expect(await readSessionToken(new Headers({ cookie: "authjs.session-token=abc.def.ghi.jkl.mno" }))).toBeNull();
    const expired = await seal("authjs.session-token", { sub: "u3" }, -60);
    expect(await readSessionToken(new Headers({ cookie: `authjs.session-token=${expired}` }))).toBeNull();
    expect(await readSessionToken(new Headers())).toBeNull();
  });
});

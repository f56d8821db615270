import { afterEach, describe, expect, test, vi } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { decodeSession } from "@/lib/auth/session-decode";

const secret = "segredo-de-teste-com-32-caracteres-ou-mais";
const salt = "authjs.session-token";
const token = (claims: Record<string, unknown>, maxAge = 3600) => encode({ token: claims, secret, salt, maxAge });

afterEach(() => vi.useRealTimers());

describe("the session cookie's payload, remembered per cookie", () => {
  test("opens to what Auth.js's decode gives, again and again", async () => {
    const t = await token({ sub: "u1", roles: ["secretaria"] });
    const first = await decodeSession({ token: t, secret, salt });
    expect(first).toEqual(await decode({ token: t, secret, salt }));
    expect(await decodeSession({ token: t, secret, salt })).toEqual(first);
  });

  test("a remembered cookie is opened once: repeating it costs a fraction of decrypting it", async () => {
    const cookies = await Promise.all(Array.from({ length: 100 }, (_, i) => token({ sub: `u${i}` })));
    const fresh = performance.now();
    for (const t of cookies) await decodeSession({ token: t, secret, salt });
    const opening = performance.now() - fresh;
    // The best of five rounds, so that a garbage collection in one does not decide.
    let remembered = Infinity;
    for (let round = 0; round < 5; round++) {
      const again = performance.now();
      for (const t of cookies) await decodeSession({ token: t, secret, salt });
      remembered = Math.min(remembered, performance.now() - again);
    }
    expect(remembered).toBeLessThan(opening / 5);
  });

  test("a changed cookie, another salt or another secret is not served from memory", async () => {
    const t = await token({ sub: "u2" });
    await decodeSession({ token: t, secret, salt });
    const flipped = t.slice(0, -2) + (t.at(-2) === "A" ? "B" : "A") + t.at(-1);
    await expect(decodeSession({ token: flipped, secret, salt })).rejects.toThrow();
    await expect(decodeSession({ token: t, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    await expect(decodeSession({ token: t, secret: "outro-segredo-com-32-caracteres-ou-mais!", salt })).rejects.toThrow();
  });

  test("a remembered cookie stops opening once its session expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t = await token({ sub: "u3" }, 60);
    expect(await decodeSession({ token: t, secret, salt })).toMatchObject({ sub: "u3" });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    await expect(decodeSession({ token: t, secret, salt })).rejects.toThrow();
  });

  test("changing the payload handed out does not change the next one", async () => {
    const t = await token({ sub: "u4", roles: ["admin"] });
    const first = (await decodeSession({ token: t, secret, salt }))!;
    first.sub = "outro";
    expect(await decodeSession({ token: t, secret, salt })).toMatchObject({ sub: "u4" });
  });

  test("no cookie, no session", async () => {
    expect(await decodeSession({ token: undefined, secret, salt })).toBeNull();
  });
});

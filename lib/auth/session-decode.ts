import { createHash } from "node:crypto";
import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

// The session cookie is a JWE: opening it derives a key (HKDF) and runs
// AES-CBC + HMAC, and a signed-in page paid that twice per request (the proxy
// and the page's auth()) — a tenth of the server's CPU under load
// (docs/benchmarks-load.md). A given cookie always opens to the same payload, so
// each process keeps the payloads of recent cookies until they expire. Only
// cookies that opened are kept, under a hash of the cookie, its salt and the
// secret, so an entry can only be found by presenting the very same cookie.
const MAX_ENTRIES = 10_000;
const opened = new Map<string, { payload: JWT; expiresAt: number }>();

/** Auth.js's decode, remembered per cookie until the session's own expiry. */
export async function decodeSession(params: JWTDecodeParams): Promise<JWT | null> {
  if (!params.token) return null;
  const key = createHash("sha256")
    .update(JSON.stringify([params.salt, params.secret, params.token]))
    .digest("base64url");
  const hit = opened.get(key);
  if (hit) {
    opened.delete(key);
    if (hit.expiresAt > Date.now()) {
      opened.set(key, hit); // most recently used last: the first key is the one to evict
      return structuredClone(hit.payload);
    }
  }
  const payload = await decode(params);
  if (payload && typeof payload.exp === "number") {
    if (opened.size >= MAX_ENTRIES) opened.delete(opened.keys().next().value!);
    opened.set(key, { payload, expiresAt: payload.exp * 1000 });
  }
  // Copies: Auth.js's callbacks may change the token they are given.
  return payload && structuredClone(payload);
}

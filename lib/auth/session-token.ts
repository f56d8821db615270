import { getToken, type JWT } from "next-auth/jwt";
import { decodeSession } from "./session-decode";

const SECURE_COOKIE = /(?:^|;\s*)__Secure-authjs\.session-token/;

/**
 * The session cookie's payload, read from the request's headers; null when
 * there is none or it does not open (expired, forged). For the proxy and for
 * pages, which cannot write the cookie back: Auth.js's own session round
 * (callbacks, then re-encrypting the cookie to slide its expiry) would be
 * computed there and thrown away. Actions and route handlers use auth(), which
 * does write it.
 */
export async function readSessionToken(headers: Headers): Promise<JWT | null> {
  const cookie = headers.get("cookie") ?? "";
  const secureCookie = SECURE_COOKIE.test(cookie);
  try {
    // Only the cookie: getToken would also take the session from an
    // "Authorization: Bearer" header, a way in that auth() does not have.
    const req = { headers: new Headers({ cookie }) };
    return await getToken({ req, secret: process.env.AUTH_SECRET, secureCookie, decode: decodeSession });
  } catch {
    return null;
  }
}

import { NextResponse, type NextRequest } from "next/server";
import { actionBodyTooLarge } from "@/lib/http/action-body-limit";
import { earlyRoute, type SessionClaims } from "@/lib/auth/routing";
import { readSessionToken } from "@/lib/auth/session-token";
import { contentSecurityPolicy } from "@/lib/security-headers";
import type { Role } from "@/db/schema";

// Two jobs, neither of them authorisation (every page and action checks on the
// server against the database): give each page a fresh CSP nonce, and route
// early from what the session cookie says — anonymous visitors to the sign-in
// page (remembering where they were going), a temporary password to its change,
// roles without staff screens or without this admin area to "sem acesso".
//
// The cookie is only read here, never written: a proxy that re-issued the
// session on every request (as Auth.js's own wrapper does) could put it back
// just after "Sair" deleted it, from any request in flight at that moment. The
// claims are refreshed where Auth.js writes cookies (sign-in, actions, route
// handlers), and re-read from the database once a minute old.
export async function proxy(request: NextRequest) {
  const tooLarge = actionBodyTooLarge(request.method, request.headers);
  if (tooLarge) return tooLarge;
  const { pathname, search } = request.nextUrl;
  const token = await readSessionToken(request.headers);
  const claims: SessionClaims | null = Array.isArray(token?.roles)
    ? { roles: token.roles as Role[], mustChangePassword: !!token.mustChangePassword }
    : null;
  const target = earlyRoute(pathname, !!token?.sub, claims);
  if (target && target !== pathname) {
    const url = new URL(target, request.url);
    if (target === "/login" && pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  return withNonce(request);
}

function withNonce(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Route handlers under /api answer for themselves (401/403 as JSON, not a
  // redirect) and get the static security headers from next.config.js.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};

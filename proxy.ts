import { NextResponse, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/config";
import { actionBodyTooLarge } from "@/lib/http/action-body-limit";
import { earlyRoute, type SessionClaims } from "@/lib/auth/routing";
import { contentSecurityPolicy } from "@/lib/security-headers";

// Two jobs, neither of them authorisation (every page and action checks on the
// server against the database): give each page a fresh CSP nonce, and route
// early from what the session cookie says — anonymous visitors to the sign-in
// page (remembering where they were going), a temporary password to its change,
// roles without staff screens or without this admin area to "sem acesso".
// Reading the cookie needs no database; Auth.js's jwt callback re-reads the
// claims once they are a minute old and the refreshed cookie goes out with
// this response.
export const proxy = auth((request) => {
  const tooLarge = actionBodyTooLarge(request.method, request.headers);
  if (tooLarge) return tooLarge;
  const { pathname, search } = request.nextUrl;
  const session = request.auth;
  const claims: SessionClaims | null = session?.roles
    ? { roles: session.roles, mustChangePassword: !!session.mustChangePassword }
    : null;
  const target = earlyRoute(pathname, !!session?.user, claims);
  if (target && target !== pathname) {
    const url = new URL(target, request.url);
    if (target === "/login" && pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  return withNonce(request);
});

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
  // Route handlers answer for themselves (401/403 as JSON, not a redirect) and
  // get the static security headers from next.config.js.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};

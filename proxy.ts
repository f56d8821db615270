import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/security-headers";

// Two jobs, neither of them authorisation (every page and action checks on the
// server): give each page a fresh CSP nonce, and send visitors without a session
// cookie to the sign-in page early, remembering where they were going.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PUBLIC_PATHS = ["/login"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Large sessions are split into chunks named "<cookie>.0", "<cookie>.1", …
  const hasSession = request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name.startsWith(name)));
  if (!hasSession && !PUBLIC_PATHS.includes(pathname)) {
    const url = new URL("/login", request.url);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
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

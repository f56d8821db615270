import { NextResponse, type NextRequest } from "next/server";

// An early, optimistic redirect for visitors without a session cookie. It is never
// the check that protects anything: every page and action authorises on the server.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  // Large sessions are split into chunks named "<cookie>.0", "<cookie>.1", …
  const hasSession = request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name.startsWith(name)));
  if (hasSession) return NextResponse.next();
  const url = new URL("/login", request.url);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!login|api/auth|api/health|_next/|favicon.ico).*)"],
};

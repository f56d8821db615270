import { authSession } from "./sessions";

/**
 * A stand-in for @/lib/auth/config in tests that call actions and route
 * handlers directly: Auth.js needs a Next request, so only the cookie step is
 * stubbed. Everything behind it (the server-side session record, memberships,
 * roles, RLS) runs for real on the test database. Use it with
 * `vi.mock("@/lib/auth/config", () => import("../helpers/stub-auth"))` and set
 * `signedIn` to say who is calling.
 */
export const signedIn: {
  userId: string | null;
  /** Claims the session carries, stale on purpose where a test says so; absent, none. */
  roles?: string[];
} = { userId: null };

export async function auth() {
  if (!signedIn.userId) return null;
  const session = await authSession(signedIn.userId);
  return signedIn.roles ? { ...session, roles: signedIn.roles } : session;
}

export const signIn = async () => undefined;
export const signOut = async () => undefined;
export const unstable_update = async () => null;
export const handlers = { GET: async () => new Response(null), POST: async () => new Response(null) };

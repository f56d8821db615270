import { expect, test } from "vitest";
import { CLAIMS_TTL_MS, refreshClaims } from "@/lib/auth/claims";
import type { RequestContext } from "@/lib/auth/resolve";

const ctx = (roles: string[], mustChangePassword = false): RequestContext => ({
  userId: "u1", sessionId: "s1", userName: "U", email: "u@x.y", tenant: { id: "t1", slug: "t", name: "T" },
  roles: roles as RequestContext["roles"], tenants: [], mustChangePassword, pendingInvitations: 0,
});

function loader(answer: RequestContext | null) {
  const calls: string[] = [];
  return { calls, load: async (id: string) => { calls.push(id); return answer; } };
}

test("claims are read at sign-in", async () => {
  const { calls, load } = loader(ctx(["admin"], true));
  const t = await refreshClaims({ sub: "u1" }, { signedIn: true, update: false, now: 1_000 }, load);
  expect(t).toMatchObject({ tenantId: "t1", roles: ["admin"], mustChangePassword: true, claimsAt: 1_000 });
  expect(calls).toEqual(["u1"]);
});

test("fresh claims are not re-read: the proxy routes without a database query", async () => {
  const { calls, load } = loader(ctx(["secretaria"]));
  const token = { sub: "u1", roles: ["admin" as const], claimsAt: 1_000 };
  expect(await refreshClaims(token, { signedIn: false, update: false, now: 1_000 + CLAIMS_TTL_MS }, load)).toBe(token);
  expect(calls).toEqual([]);
});

test("claims older than a minute, or an update (tenant switch, password change), are re-read", async () => {
  const { calls, load } = loader(ctx(["secretaria"]));
  const token = { sub: "u1", roles: ["admin" as const], claimsAt: 1_000 };
  expect(await refreshClaims(token, { signedIn: false, update: false, now: 1_001 + CLAIMS_TTL_MS }, load))
    .toMatchObject({ roles: ["secretaria"] });
  expect(await refreshClaims(token, { signedIn: false, update: true, now: 2_000 }, load)).toMatchObject({ roles: ["secretaria"] });
  expect(calls).toHaveLength(2);
});

test("a user who no longer exists loses the session", async () => {
  const { load } = loader(null);
  expect(await refreshClaims({ sub: "u1" }, { signedIn: false, update: false, now: 5 }, load)).toBeNull();
});

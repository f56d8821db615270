import "server-only";
import { headers } from "next/headers";
import { getActionContext } from "@/lib/auth/context";

/**
 * The ids that tie a log line to a request: the request id server.mjs put on
 * it, and the signed-in user and their current school. Read lazily and never
 * thrown from: logging must not turn a handled failure into another one.
 */
export async function requestIds(): Promise<{ requestId?: string; tenantId?: string; userId?: string }> {
  const out: { requestId?: string; tenantId?: string; userId?: string } = {};
  try {
    out.requestId = (await headers()).get("x-request-id") ?? undefined;
  } catch {
    return out;
  }
  try {
    // Cached per request: the action already resolved it when it checked the caller.
    const ctx = await getActionContext();
    out.userId = ctx?.userId;
    out.tenantId = ctx?.tenant?.id;
  } catch {
    // An unreadable session leaves the ids out.
  }
  return out;
}

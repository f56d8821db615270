import "server-only";
import { errorResponse } from "@/lib/action-state";
import { requireAction, type StaffContext } from "@/lib/auth/context";
import type { Capability } from "@/lib/auth/permissions";
import { BodyTooLargeError } from "@/lib/http/limited-form";
import { assertSameOrigin } from "@/lib/http/same-origin";

/**
 * The frame of both imports' upload routes. The origin is checked before
 * anything else, so a cross-site post costs no database work; then the
 * capability (the domain functions check it again). Every failure is JSON
 * with a Portuguese message: 413 for a body over the limit, the domain
 * error's status otherwise, and a generic 500 only for real faults.
 */
export async function importRoute(
  label: string,
  request: Request,
  work: (ctx: StaffContext) => Promise<Response>,
  capability: Capability = "inadimplentes.write",
): Promise<Response> {
  try {
    assertSameOrigin(request);
    const ctx = await requireAction(capability);
    return await work(ctx);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return Response.json({ error: "TOO_LARGE", message: e.message }, { status: 413 });
    return errorResponse(label, e);
  }
}

/** A file the import could not read is the user's problem to fix (422); the mapping step is a normal answer. */
export function resultStatus(result: { ok: boolean; needsMapping?: boolean }): number {
  return result.ok || result.needsMapping ? 200 : 422;
}

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut, unstable_update } from "@/lib/auth/config";
import { getActionContext } from "@/lib/auth/context";
import { landingPath } from "@/lib/auth/landing";
import { resolveContext, setActiveTenant } from "@/lib/auth/resolve";
import { endAllSessions } from "@/lib/auth/sessions";

// Auth.js's signOut event ends this session's record (lib/auth/config.ts).
export async function logout() {
  await signOut({ redirectTo: "/login" });
}

/** "Sair em todos os dispositivos": every session record of the user, this one included. */
export async function logoutEverywhere() {
  const ctx = await getActionContext();
  if (ctx) await endAllSessions(ctx.userId);
  await signOut({ redirectTo: "/login" });
}

export async function switchTenant(form: FormData) {
  const ctx = await getActionContext();
  if (!ctx) redirect("/login");
  const tenantId = z.uuid().safeParse(form.get("tenantId"));
  // A school the user is not an active member of is simply not switched to.
  if (tenantId.success) await setActiveTenant(ctx.userId, tenantId.data);
  // The session's tenant and roles (the proxy's routing) follow the switch now,
  // not a minute later.
  await unstable_update({});
  const next = await resolveContext(ctx.userId, ctx.sessionId);
  // Every page, the header included, shows the active school: drop what the
  // browser's router cached for the previous one.
  revalidatePath("/", "layout");
  redirect(landingPath(next?.roles ?? []));
}

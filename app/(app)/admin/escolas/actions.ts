"use server";

import { revalidatePath } from "next/cache";
import { actionState, formValues } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { tenantForm } from "@/lib/people/forms";
import { parseForm } from "@/lib/people/schemas";
import { createTenant } from "@/lib/people/tenants";
import type { FormState } from "../_components/action-form";

export async function createTenantAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  let secret: string | null = null;
  const state = await actionState("createTenant", async () => {
    const ctx = await requireAction("tenants.create");
    const input = parseForm(tenantForm, values);
    const r = await createTenant(ctx.session, input);
    secret = r.tempPassword;
    revalidatePath("/admin/escolas");
    return `Escola ${input.name} criada; ${input.adminEmail} é a primeira administradora.`;
  }, values);
  return secret && state.status === "success" ? { ...state, tempPassword: secret } : state;
}
